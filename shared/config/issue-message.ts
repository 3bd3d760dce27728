import type * as v from 'valibot';
import { capText, wellFormed } from '../core/text';

// A person writes YAML: lists and mappings, not arrays and objects.
const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  strict_object: 'a mapping',
  loose_object: 'a mapping',
};
/** No message quotes more of what it found than this: a value may be a 4 KB mistake. */
const MESSAGE_MAX = 300;

/**
 * One line naming the binding (by name when it has one) and the field:
 * `binding 'orders': pools[0].aws-elbv2.port: must be a whole number from 1 to 65535; found 0`.
 * A value of the wrong type says what was expected and what was found (`name: 42` is a number, not a
 * missing name); a missing field says it is required.
 */
export function describeIssue(issue: v.BaseIssue<unknown>, raw: unknown): string {
  const keys = (issue.path ?? []).map((item) => item.key as string | number);
  const where = locate(keys, raw);
  return `${where}: ${cap(messageOf(issue))}`;
}

/** `binding 'orders': pools[0]` or `dns.servers[1]`; `binding #2` when the binding has no usable name. */
export function locate(keys: readonly (string | number)[], raw: unknown): string {
  if (keys[0] !== 'bindings' || typeof keys[1] !== 'number') return formatPath(keys) || '(top level)';
  const name = bindingName(raw, keys[1]);
  const binding = name ? `binding '${name}'` : `binding #${keys[1] + 1}`;
  return `${binding}: ${formatPath(keys.slice(2)) || '(binding)'}`;
}

function messageOf(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'unknown field';
  if (issue.kind !== 'schema') return issue.message;
  if (issue.path === undefined && (issue.input === null || issue.input === undefined))
    return 'the file is empty';
  if (issue.input === undefined) return 'is required';
  const expected = EXPECTED[issue.type];
  if (expected !== undefined) return `expected ${expected}, found ${typeOf(issue.input)}`;
  // A union or a picklist carries its own message (`must be apply or report-only`).
  return typeof issue.input === 'string' ? issue.message : `${issue.message}; found ${typeOf(issue.input)}`;
}

/** The YAML type of a parsed value, with an article. */
export function typeOf(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isNaN(value) ? '.nan (not a number)' : 'a number';
    case 'boolean':
      return `a boolean (${String(value)})`;
    case 'object':
      return value instanceof Uint8Array ? 'binary data' : 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}

function bindingName(raw: unknown, index: number): string | undefined {
  const bindings = (raw as { bindings?: unknown } | null)?.bindings;
  const name = Array.isArray(bindings) ? (bindings[index] as { name?: unknown } | null)?.name : undefined;
  return typeof name === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(name) ? name : undefined;
}

function formatPath(keys: readonly (string | number)[]): string {
  return keys.reduce<string>(
    (path, key) =>
      typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${keyText(key)}` : keyText(key),
    '',
  );
}

// An unknown key is input too: a pasted secret or a 10 KB line must not come back whole.
function keyText(key: string): string {
  return capText(wellFormed(key), 43);
}

function cap(message: string): string {
  return capText(message, MESSAGE_MAX + 3);
}
