import { filter as filterProto } from 'tablestore/lib/protocol/tablestore_compiled_proto.js';
import type { Condition, Filter } from 'tablestore/lib/protocol/tablestore_compiled_proto.js';
import type { ColumnValue } from 'tablestore';
import { otsErrors } from './tablestore-protocol';
import { columnType, decodeColumnValue } from './tablestore-rows';
import type { StoredRow } from './tablestore-rows';

/** `RowExistenceExpectation` of `tablestore.proto`. */
export const RowExistence = { Ignore: 0, ExpectExist: 1, ExpectNotExist: 2 } as const;
/** `FilterType`, `ComparatorType` and `LogicalOperator` of `tablestore_filter.proto`. */
const FilterType = { SingleColumnValue: 1, CompositeColumnValue: 2, ColumnPagination: 3 } as const;
const Comparator = {
  Equal: 1,
  NotEqual: 2,
  GreaterThan: 3,
  GreaterEqual: 4,
  LessThan: 5,
  LessEqual: 6,
} as const;
const Logical = { Not: 1, And: 2, Or: 3 } as const;

/**
 * Throws `OTSConditionCheckFail` unless `condition` holds for `row` (`undefined`: no such row), as the
 * service checks a conditional write ("Conditional update" in the Tablestore docs): the row existence
 * expectation, then the column condition on the row's latest cells. A condition the lab cannot
 * evaluate is refused with `OTSParameterInvalid`, never taken as true.
 */
export function checkCondition(condition: Condition, row: StoredRow | undefined): void {
  const existence = condition.rowExistence;
  if (
    existence !== RowExistence.Ignore &&
    existence !== RowExistence.ExpectExist &&
    existence !== RowExistence.ExpectNotExist
  ) {
    throw otsErrors.parameterInvalid(`Invalid row existence expectation: ${existence}.`);
  }
  // The column condition is parsed even when the existence check already decides: a malformed one is
  // refused the same whatever the row's state.
  const columns = condition.columnCondition?.length
    ? parseFilter(decodeFilter(condition.columnCondition))
    : undefined;
  if (existence === RowExistence.ExpectExist && row === undefined) throw otsErrors.conditionCheckFail();
  if (existence === RowExistence.ExpectNotExist && row !== undefined) throw otsErrors.conditionCheckFail();
  if (columns !== undefined && !columns(row)) throw otsErrors.conditionCheckFail();
}

type Predicate = (row: StoredRow | undefined) => boolean;

function decodeFilter(bytes: Uint8Array): Filter {
  try {
    return filterProto.proto.Filter.decode(bytes);
  } catch (error) {
    throw otsErrors.parameterInvalid(`Invalid column condition: ${(error as Error).message}`);
  }
}

function parseFilter(filter: Filter): Predicate {
  switch (filter.type) {
    case FilterType.SingleColumnValue:
      return parseSingle(filter.filter);
    case FilterType.CompositeColumnValue:
      return parseComposite(filter.filter);
    default:
      // Pagination filters columns on read; it is no condition a write can be checked against.
      throw otsErrors.parameterInvalid(`Unsupported filter type in a column condition: ${filter.type}.`);
  }
}

function parseComposite(bytes: Uint8Array): Predicate {
  let composite;
  try {
    composite = filterProto.proto.CompositeColumnValueFilter.decode(bytes);
  } catch (error) {
    throw otsErrors.parameterInvalid(`Invalid composite condition: ${(error as Error).message}`);
  }
  const subs = composite.subFilters.map(parseFilter);
  const [first] = subs;
  switch (composite.combinator) {
    case Logical.Not:
      if (subs.length !== 1 || first === undefined) {
        throw otsErrors.parameterInvalid('NOT takes exactly one sub condition.');
      }
      return (row) => !first(row);
    case Logical.And:
    case Logical.Or:
      if (subs.length < 2) throw otsErrors.parameterInvalid('AND and OR take two sub conditions or more.');
      return composite.combinator === Logical.And
        ? (row) => subs.every((sub) => sub(row))
        : (row) => subs.some((sub) => sub(row));
    default:
      throw otsErrors.parameterInvalid(`Invalid logical operator: ${composite.combinator}.`);
  }
}

function parseSingle(bytes: Uint8Array): Predicate {
  let single;
  try {
    single = filterProto.proto.SingleColumnValueFilter.decode(bytes);
  } catch (error) {
    throw otsErrors.parameterInvalid(`Invalid single column condition: ${(error as Error).message}`);
  }
  const { comparator, columnName, filterIfMissing } = single;
  if (!Object.values(Comparator).some((known) => known === comparator)) {
    throw otsErrors.parameterInvalid(`Invalid comparator: ${comparator}.`);
  }
  const expected = decodeColumnValue(single.columnValue);
  return (row) => {
    const cell = row?.columns.get(columnName);
    if (cell === undefined) return !filterIfMissing;
    return compares(comparator, cell.value, expected);
  };
}

/**
 * `actual <comparator> expected`. Values of different types are unequal and unordered (the lab's
 * choice: the docs do not define an order across types), so only NOT_EQUAL holds between them.
 */
function compares(comparator: number, actual: ColumnValue, expected: ColumnValue): boolean {
  const order = compareSameType(actual, expected);
  if (order === undefined) return comparator === Comparator.NotEqual;
  switch (comparator) {
    case Comparator.Equal:
      return order === 0;
    case Comparator.NotEqual:
      return order !== 0;
    case Comparator.GreaterThan:
      return order > 0;
    case Comparator.GreaterEqual:
      return order >= 0;
    case Comparator.LessThan:
      return order < 0;
    default:
      return order <= 0;
  }
}

function compareSameType(a: ColumnValue, b: ColumnValue): number | undefined {
  const type = columnType(a);
  if (type !== columnType(b)) return undefined;
  const sign = (n: number | bigint) => (n > 0 ? 1 : n < 0 ? -1 : 0);
  switch (type) {
    case 'INTEGER':
      return sign(BigInt(a.toString()) - BigInt(b.toString()));
    case 'DOUBLE':
      return sign(Number(a) - Number(b));
    case 'BOOLEAN':
      return sign(Number(a) - Number(b));
    case 'STRING':
      return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
    case 'BINARY':
      return Buffer.compare(a as Buffer, b as Buffer);
  }
}
