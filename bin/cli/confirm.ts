import { createInterface } from 'node:readline/promises';

/** Asks on the terminal; only `y` or `yes` (any case) is a yes. */
export async function confirm(
  question: string,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stderr,
  },
): Promise<boolean> {
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
