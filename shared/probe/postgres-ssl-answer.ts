/**
 * What a PostgreSQL server answers to an SSLRequest: one byte, `S` (it will speak TLS) or `N` (it will
 * not), before any credential is sent. A server old enough not to know SSLRequest answers with an
 * ErrorResponse (`E`). No server version is given at this stage: PostgreSQL sends `server_version` in a
 * ParameterStatus message only after authentication succeeds. Source: PostgreSQL documentation,
 * "Message Flow" / "SSL Session Encryption" and "Message Formats" (SSLRequest, ErrorResponse).
 */
export type PostgresSslAnswer =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'ssl'; readonly willEncrypt: boolean }
  | { readonly kind: 'error'; readonly code?: string; readonly message: string }
  | { readonly kind: 'not-postgres'; readonly detail: string };

/** SSLRequest: Int32 length 8, Int32 code 80877103 (1234 in the high 16 bits, 5679 in the low). */
export const SSL_REQUEST: Uint8Array = Uint8Array.of(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f);

const MAX_ERROR_BYTES = 4096;
const MAX_TEXT = 200;

/** Reads the answer from the bytes received so far. Never throws. */
export function parsePostgresSslAnswer(bytes: Uint8Array): PostgresSslAnswer {
  if (bytes.length === 0) return { kind: 'incomplete' };
  const first = bytes[0] as number;
  // The answer is exactly one byte: anything after it came unasked (CVE-2021-23214 is about a client
  // that reads it as if it came over TLS). It is still a PostgreSQL answer; it is not read further.
  if (first === 0x53) return { kind: 'ssl', willEncrypt: true };
  if (first === 0x4e) return { kind: 'ssl', willEncrypt: false };
  if (first !== 0x45) return notPostgres(`answered byte 0x${first.toString(16).padStart(2, '0')}`);
  if (bytes.length < 5) return { kind: 'incomplete' };
  const length =
    (((bytes[1] as number) << 24) |
      ((bytes[2] as number) << 16) |
      ((bytes[3] as number) << 8) |
      (bytes[4] as number)) >>>
    0;
  if (length < 5 || length > MAX_ERROR_BYTES) return notPostgres(`error message announces ${length} bytes`);
  if (bytes.length < 1 + length) return { kind: 'incomplete' };
  return errorResponse(bytes.subarray(5, 1 + length));
}

/** ErrorResponse fields: a type byte then a NUL-terminated string, until a lone NUL. `M` message, `C` code. */
function errorResponse(body: Uint8Array): PostgresSslAnswer {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const type = String.fromCharCode(body[at] as number);
    const end = body.indexOf(0, at + 1);
    if (end < 0) return notPostgres('error message field is not NUL-terminated');
    fields.set(type, new TextDecoder().decode(body.subarray(at + 1, end)));
    at = end + 1;
  }
  const message = fields.get('M');
  if (message === undefined) return notPostgres('error message without a message field');
  const code = fields.get('C');
  return {
    kind: 'error',
    message: clean(message),
    ...(code !== undefined ? { code: clean(code) } : {}),
  };
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}...` : flat;
}

function notPostgres(detail: string): PostgresSslAnswer {
  return { kind: 'not-postgres', detail };
}
