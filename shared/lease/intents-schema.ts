import * as v from 'valibot';

const epochMs = v.pipe(v.number(), v.safeInteger('a safe integer'), v.minValue(0, 'a non-negative integer'));

/** The lease journal as every store keeps it (one JSON string), checked when read back. */
export const LeaseIntentsSchema = v.array(
  v.strictObject({
    op: v.picklist(['add', 'remove']),
    key: v.pipe(v.string(), v.minLength(1)),
    atMs: epochMs,
    landsByMs: v.optional(epochMs),
  }),
);

/** The journal as stored: exactly the intents' own fields, nothing a caller added on the way. */
export function leaseIntentsJson(
  intents: readonly v.InferOutput<typeof LeaseIntentsSchema>[number][],
): string {
  return JSON.stringify(
    intents.map(({ op, key, atMs, landsByMs }) => ({
      op,
      key,
      atMs,
      ...(landsByMs === undefined ? {} : { landsByMs }),
    })),
  );
}
