import { readFile } from 'node:fs/promises';
import type { Config } from '../core/config-types';
import { ConfigError } from './errors';
import { parseConfigDocument } from './load';
import { validateConfig } from './validate';

/** A bindings file made ready for a function package. */
export interface BindingsJson {
  readonly config: Config;
  /** The document, as JSON `loadConfigJson` reads back into the same `config`. */
  readonly json: string;
}

/**
 * The bindings file's document as JSON, for the deployed functions, validated before it is written. The
 * document is kept as the user wrote it (not the normalised `Config`) so that the function validates and
 * normalises it with the very code that validated it here. A value JSON cannot carry (a YAML `.inf`, a
 * date) would change on the way: the JSON is read back and must validate to the same bindings, or
 * packaging fails naming the file.
 */
export function bindingsJson(text: string, source: string): BindingsJson {
  const document = parseConfigDocument(text, source);
  const config = validateConfig(document, source);
  const json = `${JSON.stringify(document, null, 1)}\n`;
  const readBack = validateConfig(JSON.parse(json), `${source} (as JSON)`);
  if (JSON.stringify(readBack) !== JSON.stringify(config)) {
    throw new ConfigError(source, [
      'holds a value JSON cannot carry (an infinite number, a date, a binary): write it as a plain number or string',
    ]);
  }
  return { config, json };
}

/** `bindingsJson` of a file. Throws `ConfigError` when it cannot be read or used. */
export async function readBindingsJson(path: string): Promise<BindingsJson> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`], { cause: error });
  }
  return bindingsJson(text, path);
}
