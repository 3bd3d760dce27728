import { parseArgs } from 'node:util';
import { UsageError } from './errors';
import { isCommand } from './usage';
import type { Command } from './usage';

/** What a command line asks for. */
export type CliRequest =
  | { readonly kind: 'help'; readonly command?: Command }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: Command; readonly options: CliOptions };

export interface CliOptions {
  readonly config: string;
  readonly bindings: readonly string[];
  readonly json: boolean;
  readonly verbose: boolean;
  readonly yes: boolean;
  readonly profile?: string;
}

/** Which options each command takes; anything else is a usage error naming the option. */
const ACCEPTS: Readonly<Record<Command, readonly string[]>> = {
  check: ['config', 'json', 'verbose'],
  plan: ['config', 'binding', 'json', 'verbose', 'profile'],
  status: ['config', 'binding', 'json', 'verbose', 'profile'],
  apply: ['config', 'binding', 'json', 'verbose', 'profile', 'yes'],
  drill: ['json', 'verbose'],
};

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  binding: { type: 'string', short: 'b', multiple: true },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  yes: { type: 'boolean', short: 'y' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** Parses `argv` (without node and the script). Throws `UsageError` for anything it cannot read. */
export function parseCli(argv: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    // node:util names the option ("Unknown option '--yse'"), then advises on positionals that start
    // with '-': noise here, so keep the first sentence.
    const message = (error as Error).message.split('. To specify')[0] ?? '';
    const first = argv.find((a) => !a.startsWith('-'));
    throw new UsageError(message, first !== undefined && isCommand(first) ? first : undefined);
  }
  const { values, positionals } = parsed;
  const [word, ...rest] = positionals;
  if (values.version && word === undefined) return { kind: 'version' };
  if (word === undefined) {
    if (values.help) return { kind: 'help' };
    throw new UsageError('no command given');
  }
  if (word === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help' };
    if (!isCommand(topic)) throw new UsageError(`unknown command '${topic}'`);
    return { kind: 'help', command: topic };
  }
  if (!isCommand(word)) throw new UsageError(`unknown command '${word}'`);
  if (values.help) return { kind: 'help', command: word };
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`, word);
  const given = Object.keys(values).filter((key) => key !== 'help' && key !== 'version');
  const refused = given.filter((key) => !ACCEPTS[word].includes(key));
  if (refused.length > 0) {
    throw new UsageError(`'${word}' does not take --${refused.join(', --')}`, word);
  }
  if (values.version) throw new UsageError(`'${word}' does not take --version`, word);
  return {
    kind: 'run',
    command: word,
    options: {
      config: values.config ?? 'bindings.yml',
      bindings: values.binding ?? [],
      json: values.json ?? false,
      verbose: values.verbose ?? false,
      yes: values.yes ?? false,
      ...(values.profile ? { profile: values.profile } : {}),
    },
  };
}
