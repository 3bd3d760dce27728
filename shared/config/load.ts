import { readFile, stat } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../core/config-types';
import { capText } from '../core/text';
import { ConfigError } from './errors';
import { fileBytesProblem, fileSizeProblem, fileTextProblem } from './file-content';
import { validateConfig } from './validate';
import type { LoadOptions } from './validate';

export type { LoadOptions } from './validate';

/** Reads and validates a bindings file (YAML or JSON). Throws `ConfigError` listing every problem. */
export async function loadConfig(path: string, options: LoadOptions = {}): Promise<Config> {
  let bytes: Buffer;
  try {
    // Checked before reading: a wrong path may name a multi-gigabyte file.
    const tooLarge = fileSizeProblem((await stat(path)).size);
    if (tooLarge) throw new ConfigError(path, [tooLarge]);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`], { cause: error });
  }
  const problem = fileBytesProblem(bytes);
  if (problem) throw new ConfigError(path, [problem]);
  return parseConfig(bytes.toString('utf8'), path, options);
}

/** Validates the text of a bindings file; `source` names it in errors. */
export function parseConfig(text: string, source: string, options: LoadOptions = {}): Config {
  return validateConfig(parseConfigDocument(text, source), source, options);
}

/** The document a bindings file holds, parsed but not validated. YAML is a superset of JSON. */
export function parseConfigDocument(text: string, source: string): unknown {
  const problem = fileTextProblem(text);
  if (problem) throw new ConfigError(source, [problem]);
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid YAML or JSON: ${yamlProblem(error)}`], { cause: error });
  }
}

/** The parser's first line, without its excerpt of the file (which may be a screenful of one line). */
function yamlProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The `yaml` package ends its first line with a colon that introduces the excerpt.
  const first = (message.split('\n')[0] ?? '').replace(/:$/, '');
  return capText(first, 203);
}
