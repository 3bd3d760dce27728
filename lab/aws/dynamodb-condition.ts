import { attributesEqual, compareAttributes, typeOf } from './dynamodb-attributes';
import type { AttributeMap, AttributeValue } from './dynamodb-attributes';
import { CoralError } from './json-protocol';

/** The comparators of a condition expression. */
export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

type Operand = { kind: 'path'; name: string } | { kind: 'value'; value: AttributeValue };

/** A parsed condition, its `#names` and `:values` already resolved. */
export type Condition =
  | { kind: 'exists'; name: string; exists: boolean }
  | { kind: 'compare'; comparator: Comparator; left: Operand; right: Operand }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition };

/** What a `ConditionExpression` comes with. */
export interface ConditionInput {
  expression: string;
  names?: Readonly<Record<string, string>>;
  values?: Readonly<AttributeMap>;
}

type TokenKind = 'paren-open' | 'paren-close' | 'comma' | 'comparator' | 'name' | 'value' | 'word' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
}

/** Functions and operators DynamoDB has and this emulator does not: refused, never guessed at. */
const UNSUPPORTED_FUNCTIONS = new Set(['attribute_type', 'begins_with', 'contains', 'size']);
const UNSUPPORTED_OPERATORS = new Set(['BETWEEN', 'IN']);
const KEYWORDS = new Set(['AND', 'OR', 'NOT', ...UNSUPPORTED_OPERATORS]);
const TOKEN =
  /\s*(?:(\()|(\))|(,)|(<>|<=|>=|<|>|=)|(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(\S))/y;

/**
 * Parses a `ConditionExpression` in the subset the lab supports: `attribute_exists(#n)`,
 * `attribute_not_exists(#n)`, `= <> < <= > >=` between `#names` and `:values`, `AND`, `OR`, `NOT` and
 * parentheses, with DynamoDB's precedence (comparison, then NOT, then AND, then OR). Anything else
 * (`BETWEEN`, `IN`, `begins_with`, `size`, document paths, bare attribute names) is a
 * `ValidationException` saying so: an expression the lab cannot evaluate must never pass as true.
 * Like DynamoDB, it also refuses `#names` and `:values` that are given but never used.
 */
export function parseCondition(input: ConditionInput): Condition {
  const { expression, names = {}, values = {} } = input;
  if (expression.trim() === '') throw invalid('The expression can not be empty;');
  const parser = new Parser(tokenize(expression), names, values);
  const condition = parser.condition();
  parser.expect('end');
  const unusedNames = Object.keys(names).filter((key) => !parser.usedNames.has(key));
  if (unusedNames.length > 0) {
    throw CoralError.validation(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
    );
  }
  const unusedValues = Object.keys(values).filter((key) => !parser.usedValues.has(key));
  if (unusedValues.length > 0) {
    throw CoralError.validation(
      `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
    );
  }
  return condition;
}

/** Evaluates a parsed condition against the item as stored (`undefined`: no item under that key). */
export function evaluateCondition(condition: Condition, item: AttributeMap | undefined): boolean {
  switch (condition.kind) {
    case 'exists':
      return (item !== undefined && Object.hasOwn(item, condition.name)) === condition.exists;
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.operand, item);
    case 'compare': {
      const left = operandValue(condition.left, item);
      const right = operandValue(condition.right, item);
      // Unverified for `<>`: a comparison with a missing attribute is taken as false, whatever the
      // comparator. AWS documents it for the others; false is the side that can only make a write fail.
      if (left === undefined || right === undefined) return false;
      return compare(condition.comparator, left, right);
    }
  }
}

function compare(comparator: Comparator, left: AttributeValue, right: AttributeValue): boolean {
  if (comparator === '=') return attributesEqual(left, right);
  if (comparator === '<>') return !attributesEqual(left, right);
  const order = compareAttributes(left, right);
  if (order === undefined) return false;
  switch (comparator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function operandValue(operand: Operand, item: AttributeMap | undefined): AttributeValue | undefined {
  if (operand.kind === 'value') return operand.value;
  return item !== undefined && Object.hasOwn(item, operand.name) ? item[operand.name] : undefined;
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = new RegExp(TOKEN.source, 'y');
  for (;;) {
    if (expression.slice(pattern.lastIndex).trim() === '') break;
    const match = pattern.exec(expression);
    if (match === null) break;
    const [, open, close, comma, comparator, name, value, word, other] = match;
    if (open) tokens.push({ kind: 'paren-open', text: open });
    else if (close) tokens.push({ kind: 'paren-close', text: close });
    else if (comma) tokens.push({ kind: 'comma', text: comma });
    else if (comparator) tokens.push({ kind: 'comparator', text: comparator });
    else if (name) tokens.push({ kind: 'name', text: name });
    else if (value) tokens.push({ kind: 'value', text: value });
    else if (word) tokens.push({ kind: 'word', text: word });
    else if (other === '.' || other === '[') {
      throw unsupported(`document paths are not supported; token: "${other}"`);
    } else {
      throw invalid(`Syntax error; token: "${other ?? ''}"`);
    }
  }
  tokens.push({ kind: 'end', text: '<EOF>' });
  return tokens;
}

class Parser {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly names: Readonly<Record<string, string>>,
    private readonly values: Readonly<AttributeMap>,
  ) {}

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.position += 1;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  expect(kind: TokenKind): Token {
    const token = this.peek();
    if (token.kind !== kind) throw invalid(`Syntax error; token: "${token.text}"`);
    this.position += 1;
    return token;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.position += 1;
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.position += 1;
      return { kind: 'not', operand: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    const token = this.peek();
    if (token.kind === 'paren-open') {
      this.position += 1;
      const inner = this.condition();
      this.expect('paren-close');
      return inner;
    }
    if (token.kind === 'word' && this.tokens[this.position + 1]?.kind === 'paren-open') return this.call();
    const left = this.operand();
    const next = this.peek();
    if (next.kind === 'word' && UNSUPPORTED_OPERATORS.has(next.text.toUpperCase())) {
      throw unsupported(`operator ${next.text.toUpperCase()} is not supported`);
    }
    const comparator = this.expect('comparator').text as Comparator;
    return { kind: 'compare', comparator, left, right: this.operand() };
  }

  private call(): Condition {
    const name = this.expect('word').text;
    if (UNSUPPORTED_FUNCTIONS.has(name)) throw unsupported(`function ${name} is not supported`);
    // Function names are case-sensitive in DynamoDB: `ATTRIBUTE_EXISTS` is not a function.
    if (name !== 'attribute_exists' && name !== 'attribute_not_exists') {
      throw invalid(`Invalid function name; function: ${name}`);
    }
    this.expect('paren-open');
    const operand = this.operand();
    if (operand.kind !== 'path') {
      throw invalid(
        `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${typeOf(operand.value)}`,
      );
    }
    this.expect('paren-close');
    return { kind: 'exists', name: operand.name, exists: name === 'attribute_exists' };
  }

  private operand(): Operand {
    const token = this.peek();
    if (token.kind === 'name') {
      this.position += 1;
      const name = this.names[token.text];
      if (name === undefined) {
        throw invalid(
          `An expression attribute name used in the document path is not defined; attribute name: ${token.text}`,
        );
      }
      this.usedNames.add(token.text);
      return { kind: 'path', name };
    }
    if (token.kind === 'value') {
      this.position += 1;
      const value = this.values[token.text];
      if (value === undefined) {
        throw invalid(
          `An expression attribute value used in expression is not defined; attribute value: ${token.text}`,
        );
      }
      this.usedValues.add(token.text);
      return { kind: 'value', value };
    }
    if (token.kind === 'word' && !KEYWORDS.has(token.text.toUpperCase())) {
      if (this.tokens[this.position + 1]?.kind === 'paren-open') {
        throw unsupported(`function ${token.text} is not supported as an operand`);
      }
      throw unsupported(
        `bare attribute names are not supported, use ExpressionAttributeNames; name: ${token.text}`,
      );
    }
    throw invalid(`Syntax error; token: "${token.text}"`);
  }

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: 'end', text: '<EOF>' };
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }
}

/** An expression DynamoDB itself would refuse, in its words. */
function invalid(detail: string): Error {
  return CoralError.validation(`Invalid ConditionExpression: ${detail}`);
}

/** An expression DynamoDB accepts and the lab does not evaluate: refused, and said so. */
function unsupported(detail: string): Error {
  return CoralError.validation(`Invalid ConditionExpression: not supported by the lab emulator: ${detail}`);
}
