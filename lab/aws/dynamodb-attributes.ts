import { CoralError } from './json-protocol';

/** A DynamoDB `AttributeValue` on the wire: exactly one member set. Binary members are base64. */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: AttributeMap };

/** An item, a key, or `ExpressionAttributeValues`: attribute name to value. */
export type AttributeMap = Record<string, AttributeValue>;

/** DynamoDB's item size limit, names included. */
export const MAX_ITEM_BYTES = 400 * 1024;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const STRING_MEMBERS = ['S', 'N', 'B'] as const;
const SET_MEMBERS = ['SS', 'NS', 'BS'] as const;

/**
 * Checks one `AttributeValue` as DynamoDB does before it looks at the table, and returns it typed.
 * Numbers are kept as sent and compared as doubles (`compareAttributes`): exact for the integers below
 * 2^53 that the lease store writes; DynamoDB's 38-digit decimals and its normalised number text are not
 * modelled.
 */
export function parseAttributeValue(raw: unknown): AttributeValue {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw CoralError.validation(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  const entries = Object.entries(raw).filter(([, value]) => value !== undefined && value !== null);
  const [entry] = entries;
  if (entry === undefined) {
    throw CoralError.validation(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  if (entries.length > 1) {
    throw CoralError.validation(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  }
  const [type, value] = entry;
  if ((STRING_MEMBERS as readonly string[]).includes(type)) {
    if (typeof value !== 'string') throw wrongShape(type);
    if (type === 'N') assertNumber(value);
    return { [type]: value } as AttributeValue;
  }
  if ((SET_MEMBERS as readonly string[]).includes(type)) {
    if (!Array.isArray(value) || !value.every((member) => typeof member === 'string')) throw wrongShape(type);
    const members = value as string[];
    if (members.length === 0) {
      throw CoralError.validation('One or more parameter values were invalid: An empty set is not allowed');
    }
    if (type === 'NS') members.forEach(assertNumber);
    if (new Set<unknown>(type === 'NS' ? members.map(Number) : members).size !== members.length) {
      throw CoralError.validation('Input collection contains duplicates');
    }
    return { [type]: members } as AttributeValue;
  }
  switch (type) {
    case 'BOOL':
      if (typeof value !== 'boolean') throw wrongShape(type);
      return { BOOL: value };
    case 'NULL':
      if (value !== true) {
        throw CoralError.validation(
          'One or more parameter values were invalid: Null attribute value types must have the value of true',
        );
      }
      return { NULL: true };
    case 'L':
      if (!Array.isArray(value)) throw wrongShape(type);
      return { L: value.map(parseAttributeValue) };
    case 'M':
      return { M: parseAttributeMap(value) };
    default:
      throw CoralError.serialization(`Unknown AttributeValue member: ${type}`);
  }
}

/** Checks a map of attribute values (an item, a key, `ExpressionAttributeValues`). */
export function parseAttributeMap(raw: unknown): AttributeMap {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw wrongShape('M');
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, parseAttributeValue(value)]));
}

/** The value's type member: `S`, `N`, ... */
export function typeOf(value: AttributeValue): string {
  return Object.keys(value)[0] ?? '';
}

/** DynamoDB's `=`: same type and same value; sets compare as sets, numbers by value. */
export function attributesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a && 'S' in b) return a.S === b.S;
  if ('N' in a && 'N' in b) return Number(a.N) === Number(b.N);
  if ('B' in a && 'B' in b) return a.B === b.B;
  if ('BOOL' in a && 'BOOL' in b) return a.BOOL === b.BOOL;
  if ('NULL' in a && 'NULL' in b) return true;
  if ('SS' in a && 'SS' in b) return sameSet(a.SS, b.SS);
  if ('NS' in a && 'NS' in b) return sameSet(a.NS.map(Number), b.NS.map(Number));
  if ('BS' in a && 'BS' in b) return sameSet(a.BS, b.BS);
  if ('L' in a && 'L' in b) {
    return (
      a.L.length === b.L.length &&
      a.L.every((item, i) => b.L[i] !== undefined && attributesEqual(item, b.L[i]))
    );
  }
  if ('M' in a && 'M' in b) {
    const keys = Object.keys(a.M);
    return (
      keys.length === Object.keys(b.M).length &&
      keys.every((key) => {
        const [x, y] = [a.M[key], b.M[key]];
        return x !== undefined && y !== undefined && attributesEqual(x, y);
      })
    );
  }
  return false;
}

/**
 * DynamoDB's ordering for `<`, `<=`, `>`, `>=`: numbers by value, strings and binaries by their bytes.
 * Undefined when the two are not both numbers, both strings or both binaries: such a comparison is false.
 */
export function compareAttributes(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return Math.sign(Number(a.N) - Number(b.N));
  if ('S' in a && 'S' in b) return Buffer.compare(Buffer.from(a.S, 'utf8'), Buffer.from(b.S, 'utf8'));
  if ('B' in a && 'B' in b) return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return undefined;
}

/**
 * The item's size as DynamoDB counts it against 400 KB: each name's UTF-8 bytes plus its value's. Numbers
 * are counted at DynamoDB's upper bound (1 byte per two digits, plus 1) and containers at 3 bytes of
 * overhead plus 1 per element: close to AWS's rule, never under it by much.
 */
export function itemSizeBytes(item: AttributeMap): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );
}

function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
  if ('L' in value) return 3 + value.L.reduce((sum, item) => sum + 1 + valueSize(item), 0);
  return (
    3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueSize(v), 0)
  );
}

const numberSize = (text: string): number => Math.ceil(text.replace(/[^0-9]/g, '').length / 2) + 1;

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const members = new Set(a);
  return a.length === b.length && b.every((member) => members.has(member));
}

function assertNumber(text: string): void {
  if (!NUMBER.test(text)) throw CoralError.validation('A value provided cannot be converted into a number');
}

function wrongShape(type: string): Error {
  return CoralError.serialization(`Unexpected value for AttributeValue member ${type}`);
}
