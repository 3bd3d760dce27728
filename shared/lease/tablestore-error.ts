import { main as otsProto } from 'tablestore/lib/protocol/tablestore_compiled_proto.js';

/** What a failed `tablestore` call was, in the service's terms. */
export interface TablestoreFailure {
  /** `OTSConditionCheckFail`, ..., the SDK's `NetworkingError` / `TimeoutError`, or `HTTP <status>`. */
  readonly code: string;
  readonly message: string;
}

const REQUEST_ID_SUFFIX = ' requestId:';
const OTS_CODE = /^OTS[A-Za-z]+$/;
/** Tag 0x0A (field 1, length-delimited), one length byte, the code. */
const LEADING_CODE = /^\n[\s\S](OTS[A-Za-z]+)/;

/**
 * Reads the code out of an error the `tablestore` package rejected with.
 *
 * The service answers an error as a protobuf `Error { code, message }` (Tablestore API reference,
 * "Error handling"), but the SDK's `extractError` (`lib/client.js` 5.6.5) parses the body with
 * `TableStore.XML.Parser`, which the package no longer ships: the TypeError sends it to its fallback,
 * which sets `code` to the HTTP status and `message` to the body as UTF-8 text plus ` requestId:<id>`.
 * So the protobuf is decoded back out of the message; codes and messages are ASCII and short (one-byte
 * lengths), which that round trip keeps intact. Should a later SDK set `code` to the OTS code itself, it
 * is taken as it is.
 */
export function tablestoreFailureOf(error: unknown): TablestoreFailure {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string' && code !== '' && !/^\d+$/.test(code)) return { code, message: text };
  const status = typeof code === 'number' || typeof code === 'string' ? String(code) : undefined;
  const decoded = decodeErrorBody(text);
  if (decoded !== undefined) return decoded;
  if (status !== undefined) return { code: `HTTP ${status}`, message: text };
  return { code: 'Unknown', message: error instanceof Error ? error.message : String(error) };
}

function decodeErrorBody(text: string): TablestoreFailure | undefined {
  const at = text.lastIndexOf(REQUEST_ID_SUFFIX);
  const body = at === -1 ? text : text.slice(0, at);
  if (body === '') return undefined;
  try {
    const decoded = otsProto.proto.Error.decode(Buffer.from(body, 'utf8'));
    if (OTS_CODE.test(decoded.code)) return { code: decoded.code, message: decoded.message ?? '' };
  } catch {
    // A message of 128 bytes or more has a two-byte length, which is not UTF-8: the text lost it.
  }
  // The code comes first (field 1, a one-byte length), intact whatever became of the message.
  const code = LEADING_CODE.exec(body)?.[1];
  return code === undefined ? undefined : { code, message: '(message not decodable)' };
}
