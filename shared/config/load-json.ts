import { readFile } from 'node:fs/promises';
import type { Config } from '../core/config-types';
import { ConfigError } from './errors';
import { validateConfig } from './validate';
import type { LoadOptions } from './validate';

/**
 * Reads and validates the bindings a deployed function runs with: the JSON that packaging wrote from the
 * user's YAML (see `bindingsJson`). Validated again, since a package can be edited after it was built,
 * but parsed with `JSON.parse`: the YAML parser is about 110 KiB of bundle and 16 ms of cold start that a
 * function spends on a file packaging has already read.
 */
export async function loadConfigJson(path: string, options: LoadOptions = {}): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`], { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      path,
      [
        // Not the parser's message: it quotes the file, whose text may hold a webhook's token.
        'not valid JSON: a deployed function reads the JSON its packaging writes from the YAML bindings ' +
          'file; package again rather than pointing BINDINGS_FILE at YAML',
      ],
      { cause: error },
    );
  }
  return validateConfig(raw, path, options);
}
