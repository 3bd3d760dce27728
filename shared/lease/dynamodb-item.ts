import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as v from 'valibot';
import { LeaseIntentsSchema, leaseIntentsJson } from './intents-schema';
import type { LeaseRecord } from './types';

/** A lease record as a DynamoDB item. */
export type LeaseItem = Record<string, AttributeValue>;

/** How many mismatches a malformed-item error lists. */
const MAX_PROBLEMS = 3;

const integerText = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'a non-negative integer'),
  v.transform(Number),
  v.safeInteger('a safe integer'),
);

/**
 * The item layout: `pool` (S, the partition key), `owner` (S), `expiresAtMs` (N), `version` (N) and
 * `intents` (S, a JSON array). Intents are one JSON string rather than a list of maps: one attribute to
 * read and compare, and the same text in every store.
 */
const LeaseItemSchema = v.object({
  pool: v.object({ S: v.string() }),
  owner: v.object({ S: v.string() }),
  expiresAtMs: v.object({ N: integerText }),
  version: v.object({ N: integerText }),
  intents: v.object({ S: v.string() }),
});

/** The item `compareAndSet` writes for a record. */
export function encodeLeaseItem(record: LeaseRecord): LeaseItem {
  return {
    pool: { S: record.pool },
    owner: { S: record.owner },
    expiresAtMs: { N: String(record.expiresAtMs) },
    version: { N: String(record.version) },
    // Only the fields of the port, in one order: a caller's extra properties are not stored.
    intents: { S: leaseIntentsJson(record.intents) },
  };
}

/**
 * The record an item holds, or the reasons it holds none: each named by attribute path and expected
 * type, never by value.
 */
export function decodeLeaseItem(item: LeaseItem): { record: LeaseRecord } | { problems: string[] } {
  const parsed = v.safeParse(LeaseItemSchema, item);
  if (!parsed.success)
    return { problems: parsed.issues.slice(0, MAX_PROBLEMS).map((issue) => describeIssue(issue)) };
  const { pool, owner, expiresAtMs, version, intents } = parsed.output;
  let json: unknown;
  try {
    json = JSON.parse(intents.S);
  } catch {
    return { problems: ['intents.S: expected JSON'] };
  }
  const parsedIntents = v.safeParse(LeaseIntentsSchema, json);
  if (!parsedIntents.success) {
    return {
      problems: parsedIntents.issues.slice(0, MAX_PROBLEMS).map((issue) => describeIssue(issue, 'intents.S')),
    };
  }
  return {
    record: {
      pool: pool.S,
      owner: owner.S,
      expiresAtMs: expiresAtMs.N,
      version: version.N,
      intents: parsedIntents.output,
    },
  };
}

/** Whether two items hold the same attributes with the same values, as stored. */
export function sameLeaseItem(a: LeaseItem, b: LeaseItem): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => b[key] !== undefined && JSON.stringify(a[key]) === JSON.stringify(b[key]))
  );
}

function describeIssue(issue: v.BaseIssue<unknown>, base?: string): string {
  const path = issue.path?.map((item) => String(item.key));
  const where = [base, ...(path ?? [])].filter((part) => part !== undefined).join('.') || '(item)';
  if (issue.input === undefined && issue.path !== undefined) return `${where}: missing`;
  // A validation's own message names the value it got: ours are set to say only what was expected.
  return `${where}: expected ${issue.kind === 'validation' ? issue.message : (issue.expected ?? issue.type)}`;
}
