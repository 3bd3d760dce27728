/** A trigger payload we cannot act on. Nothing is changed when this is thrown. */
export class EventParseError extends Error {
  override readonly name = 'EventParseError';
}
