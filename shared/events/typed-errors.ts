import { EventParseError } from './errors';

/**
 * Runs a parser so that whatever goes wrong comes out as `EventParseError`. The parsers throw it for
 * every case they foresee; this is for the ones they do not (a `RangeError` from a structure nested too
 * deep to copy, a `TypeError` from a getter), which would otherwise escape untyped and skip the
 * handler's "unrecognised event" path.
 */
export function typedErrorsOnly<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EventParseError) throw error;
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new EventParseError(`the payload could not be read (${what.slice(0, 200)})`, { cause: error });
  }
}
