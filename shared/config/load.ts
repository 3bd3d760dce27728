import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../core/binding';
import { ConfigError } from './errors';
import { validateConfig } from './validate';

/** Reads and validates a bindings file (YAML or JSON). Throws `ConfigError` listing every problem. */
export async function loadConfig(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`], { cause: error });
  }
  return parseConfig(text, path);
}

/** Validates the text of a bindings file; `source` names it in errors. */
export function parseConfig(text: string, source: string): Config {
  return validateConfig(parseConfigDocument(text, source), source);
}

/** The document a bindings file holds, parsed but not validated. YAML is a superset of JSON. */
export function parseConfigDocument(text: string, source: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid YAML or JSON: ${(error as Error).message}`], { cause: error });
  }
}
