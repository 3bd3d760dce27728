import * as v from 'valibot';
import { AlicloudResponseError } from './errors';

/** How many mismatches an `AlicloudResponseError` lists; the first few say what kind of body it was. */
const MAX_PROBLEMS = 3;
/** A service `Message` is quoted in the error up to this length. */
const MAX_MESSAGE_CHARS = 200;

/**
 * Checks a response body against the action's schema. A mismatch becomes an `AlicloudResponseError`
 * that names each mismatch by path and type, never by value, and quotes the body's `Message` when it
 * has one (an error body without `Code` usually does).
 */
export function validateResponse<T>(action: string, schema: v.GenericSchema<unknown, T>, body: unknown): T {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const problems = result.issues.slice(0, MAX_PROBLEMS).map(describeIssue);
  const apiMessage = stringOf(body, 'Message')?.slice(0, MAX_MESSAGE_CHARS);
  throw new AlicloudResponseError(action, problems, stringOf(body, 'RequestId'), {
    ...(apiMessage === undefined ? {} : { apiMessage }),
  });
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((item) => String(item.key)).join('.') || '(body)';
  // valibot reports a missing key with the key's name as `expected`: say "missing" instead.
  if (issue.input === undefined && issue.path !== undefined) return `${path}: missing`;
  return `${path}: expected ${issue.expected ?? issue.type}, got ${kindOf(issue.input)}`;
}

const kindOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
};

const stringOf = (body: unknown, key: string): string | undefined => {
  if (typeof body !== 'object' || body === null || !(key in body)) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};
