import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body as bytes, refusing one over `maxBytes` with the protocol's own error (`tooLarge`)
 * before it is all in memory. Tablestore's protobuf bodies are read this way; text protocols use `readBody`.
 */
export async function readBodyBytes(
  req: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** `readBodyBytes` as UTF-8 text, for the Query and RPC protocols. */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  return (await readBodyBytes(req, maxBytes, tooLarge)).toString('utf8');
}
