/**
 * What the first packet a MySQL or MariaDB server sends on a new connection says. The server speaks
 * first: before any credential is sent it either greets (protocol 10 `Initial Handshake`) or refuses with
 * an ERR packet (`Host '...' is not allowed to connect`, `Too many connections`). Either proves a MySQL
 * server is listening. Source: MySQL client/server protocol, "Connection Phase" / "Protocol::HandshakeV10"
 * and "ERR_Packet" (dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html).
 */
export type MysqlGreeting =
  /** Not all of the first packet has arrived yet. */
  | { readonly kind: 'incomplete' }
  | {
      readonly kind: 'handshake';
      readonly protocolVersion: number;
      /** As the server names itself, MariaDB's `5.5.5-` replication prefix taken off. */
      readonly serverVersion: string;
    }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }
  | { readonly kind: 'not-mysql'; readonly detail: string };

/** Packet header: 3-byte little-endian payload length, then a 1-byte sequence id. */
const HEADER_BYTES = 4;
/** A real greeting is about a hundred bytes; a length far above that is not a MySQL greeting. */
const MAX_GREETING_BYTES = 4096;
const ERR_MARKER = 0xff;
/** Shown at most, of a version or message: the text is the server's, and goes into reports. */
const MAX_TEXT = 200;
// MariaDB 10+ names itself `5.5.5-10.11.6-MariaDB...` so that old replicas accept it as 5.5.
const MARIADB_PREFIX = /^5\.5\.5-(?=\d+\.\d+\.\d+.*MariaDB)/;

/** Reads the server's first packet from the bytes received so far. Never throws. */
export function parseMysqlGreeting(bytes: Uint8Array): MysqlGreeting {
  if (bytes.length < HEADER_BYTES) return { kind: 'incomplete' };
  const length = (bytes[0] as number) | ((bytes[1] as number) << 8) | ((bytes[2] as number) << 16);
  const sequence = bytes[3] as number;
  if (sequence !== 0) return notMysql(`first packet has sequence id ${sequence}, expected 0`);
  if (length === 0 || length > MAX_GREETING_BYTES) {
    return notMysql(`first packet announces ${length} bytes`);
  }
  if (bytes.length < HEADER_BYTES + length) return { kind: 'incomplete' };
  const payload = bytes.subarray(HEADER_BYTES, HEADER_BYTES + length);
  const first = payload[0] as number;
  if (first === ERR_MARKER) return errorPacket(payload);
  // Protocol 9 is MySQL 3.x; it ends its version with a NUL as 10 does.
  if (first !== 10 && first !== 9) return notMysql(`protocol version byte is ${first}`);
  const end = payload.indexOf(0, 1);
  if (end < 0) return notMysql('server version is not NUL-terminated');
  const raw = printable(payload.subarray(1, end));
  if (raw === undefined || raw.length === 0) return notMysql('server version is not printable text');
  return { kind: 'handshake', protocolVersion: first, serverVersion: raw.replace(MARIADB_PREFIX, '') };
}

/** ERR_Packet: 0xff, a 2-byte code, then (with CLIENT_PROTOCOL_41) `#` and a 5-character SQL state. */
function errorPacket(payload: Uint8Array): MysqlGreeting {
  if (payload.length < 3) return notMysql('error packet too short');
  const code = (payload[1] as number) | ((payload[2] as number) << 8);
  let text = payload.subarray(3);
  if (text[0] === 0x23 && text.length >= 6) text = text.subarray(6);
  const message = printable(text) ?? 'message is not printable text';
  return { kind: 'error', code, message };
}

function notMysql(detail: string): MysqlGreeting {
  return { kind: 'not-mysql', detail };
}

/** The bytes as text when they are printable UTF-8 (tabs and spaces allowed), cut to `MAX_TEXT`. */
export function printable(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f\ufffd]/.test(text)) return undefined;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;
}
