import { parseMysqlGreeting } from '../../shared/probe/mysql-greeting';
import { parsePostgresSslAnswer, SSL_REQUEST } from '../../shared/probe/postgres-ssl-answer';
import { fc, fcParams } from './fc-params';

// What MariaDB 10.11.19 (Debian 12, started by .ci/databases) sent to a new connection, as read off the wire.
const MARIADB_GREETING = Buffer.from(
  '640000000a352e352e352d31302e31312e31392d4d6172696144422d302b6465623132753100050000002d366579516a' +
    '424a00fef7080200ff81150000000000001d0000002b39797b7a73552c7b493a25006d7973716c5f6e61746976655f70' +
    '617373776f726400',
  'hex',
);
// Its answer to a client whose host no account names: an ERR packet before any greeting.
const MARIADB_HOST_REFUSED = Buffer.concat([
  Buffer.from('44000000ff6a04', 'hex'),
  Buffer.from("Host '127.0.0.2' is not allowed to connect to this MariaDB server"),
]);

/** A MySQL packet: 3-byte little-endian length, sequence id, payload. */
const packet = (payload: Uint8Array, sequence = 0) =>
  Buffer.concat([
    Buffer.from([
      payload.length & 0xff,
      (payload.length >> 8) & 0xff,
      (payload.length >> 16) & 0xff,
      sequence,
    ]),
    payload,
  ]);

const version = fc
  .stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,3}(-[A-Za-z0-9.+_]{0,40})?$/)
  .filter((v) => !v.startsWith('5.5.5-'));
const text = fc.stringMatching(/^[ -~]{1,120}$/);
// Before login the server does not know the client speaks protocol 4.1, and sends no `#` SQL state
// (MariaDB 10.11 does not); a message that itself begins with `#` and 5 more characters would be read
// as having one.
const errorText = text.filter((message) => !message.startsWith('#'));
const anyBytes = fc.uint8Array({ maxLength: 600 });

const KINDS = ['incomplete', 'handshake', 'error', 'not-mysql'];
const hasControl = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20);

describe('parseMysqlGreeting', () => {
  it('reads the version from the greeting MariaDB really sends, without its 5.5.5- prefix', () => {
    expect(parseMysqlGreeting(MARIADB_GREETING)).toEqual({
      kind: 'handshake',
      protocolVersion: 10,
      serverVersion: '10.11.19-MariaDB-0+deb12u1',
    });
  });

  it('reads the ERR packet MariaDB sends to a host it does not allow', () => {
    expect(parseMysqlGreeting(MARIADB_HOST_REFUSED)).toEqual({
      kind: 'error',
      code: 1130,
      message: "Host '127.0.0.2' is not allowed to connect to this MariaDB server",
    });
  });

  it('keeps a 5.5.5- prefix that is not MariaDB hiding its version', () => {
    const greeting = packet(Buffer.concat([Buffer.from([10]), Buffer.from('5.5.5-log\0'), Buffer.alloc(40)]));
    expect(parseMysqlGreeting(greeting)).toEqual({
      kind: 'handshake',
      protocolVersion: 10,
      serverVersion: '5.5.5-log',
    });
  });

  it('never throws on arbitrary bytes, and answers with one of its kinds', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(KINDS).toContain(parseMysqlGreeting(bytes).kind);
      }),
      fcParams(1000),
    );
  });

  it('never throws on arbitrary payloads behind a well-formed header', () => {
    fc.assert(
      fc.property(anyBytes, fc.integer({ min: 0, max: 255 }), (payload, sequence) => {
        const result = parseMysqlGreeting(packet(payload, sequence));
        expect(KINDS).toContain(result.kind);
        if (result.kind === 'handshake') expect(hasControl(result.serverVersion)).toBe(false);
        if (result.kind === 'error') expect(result.message.length).toBeLessThanOrEqual(203);
      }),
      fcParams(1000),
    );
  });

  it('reads any printable version from a protocol 10 greeting, whatever follows it', () => {
    fc.assert(
      fc.property(version, fc.uint8Array({ maxLength: 80 }), (v, rest) => {
        const greeting = packet(Buffer.concat([Buffer.from([10]), Buffer.from(`${v}\0`), rest]));
        expect(parseMysqlGreeting(greeting)).toEqual({
          kind: 'handshake',
          protocolVersion: 10,
          serverVersion: v,
        });
      }),
      fcParams(500),
    );
  });

  it('says incomplete for every strict prefix of a greeting, and reads it whole however it is split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MARIADB_GREETING.length - 1 }), (cut) => {
        expect(parseMysqlGreeting(MARIADB_GREETING.subarray(0, cut))).toEqual({ kind: 'incomplete' });
      }),
      fcParams(200),
    );
  });

  it('reads the code and message of an ERR packet, with or without a SQL state', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        errorText,
        fc.boolean(),
        (code, message, withState) => {
          const payload = Buffer.concat([
            Buffer.from([0xff, code & 0xff, code >> 8]),
            Buffer.from(withState ? `#HY000${message}` : message),
          ]);
          expect(parseMysqlGreeting(packet(payload))).toEqual({ kind: 'error', code, message });
        },
      ),
      fcParams(500),
    );
  });

  it('is not fooled by an HTTP or TLS server answering first', () => {
    expect(parseMysqlGreeting(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')).kind).toBe('not-mysql');
    expect(parseMysqlGreeting(Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'))).toEqual({
      kind: 'not-mysql',
      detail: 'first packet has sequence id 45, expected 0',
    });
  });
});

const PG_KINDS = ['incomplete', 'ssl', 'error', 'not-postgres'];

/** An ErrorResponse: 'E', Int32 length (itself included), fields, a closing NUL. */
const errorResponse = (fields: Record<string, string>) => {
  const body = Buffer.concat([
    ...Object.entries(fields).map(([type, value]) => Buffer.from(`${type}${value}\0`)),
    Buffer.from([0]),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from('E'), length, body]);
};

describe('parsePostgresSslAnswer', () => {
  it('sends the SSLRequest the protocol defines: length 8, code 80877103', () => {
    const request = Buffer.from(SSL_REQUEST);
    expect(request.readInt32BE(0)).toBe(8);
    expect(request.readInt32BE(4)).toBe(80877103);
  });

  it("reads 'S' and 'N'", () => {
    expect(parsePostgresSslAnswer(Buffer.from('S'))).toEqual({ kind: 'ssl', willEncrypt: true });
    expect(parsePostgresSslAnswer(Buffer.from('N'))).toEqual({ kind: 'ssl', willEncrypt: false });
    expect(parsePostgresSslAnswer(Buffer.alloc(0))).toEqual({ kind: 'incomplete' });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        expect(PG_KINDS).toContain(parsePostgresSslAnswer(bytes).kind);
      }),
      fcParams(1000),
    );
  });

  it('never throws on arbitrary bytes behind an ErrorResponse header', () => {
    fc.assert(
      fc.property(anyBytes, (body) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(body.length + 4);
        expect(PG_KINDS).toContain(
          parsePostgresSslAnswer(Buffer.concat([Buffer.from('E'), length, body])).kind,
        );
      }),
      fcParams(1000),
    );
  });

  it('reads the message and code of an ErrorResponse, and says incomplete for each strict prefix', () => {
    fc.assert(
      fc.property(text, fc.stringMatching(/^[0-9A-Z]{5}$/), (message, code) => {
        const answer = errorResponse({ S: 'FATAL', C: code, M: message });
        expect(parsePostgresSslAnswer(answer)).toEqual({ kind: 'error', code, message });
        for (let cut = 0; cut < answer.length; cut += 1) {
          expect(parsePostgresSslAnswer(answer.subarray(0, cut))).toEqual({ kind: 'incomplete' });
        }
      }),
      fcParams(200),
    );
  });

  it('is not fooled by a MySQL greeting', () => {
    expect(parsePostgresSslAnswer(MARIADB_GREETING)).toEqual({
      kind: 'not-postgres',
      detail: 'answered byte 0x64',
    });
  });
});
