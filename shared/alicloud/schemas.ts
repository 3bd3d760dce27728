import * as v from 'valibot';

/**
 * An integer the API may send as a number or as a numeric string (older, XML-born APIs are not
 * consistent), always output as a number.
 */
export const integerLike = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d+$/), v.transform(Number))]),
  v.integer(),
);
