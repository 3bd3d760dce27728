import { describeDriverError, sanitiseMessage } from '../../shared/probe/driver-error';
import { mysqlVerdict, postgresVerdict, readFlag } from '../../shared/probe/writable-verdict';
import { fc, fcParams } from './fc-params';

// The pure halves of the writability check: reading the question's row, and making a driver's error safe.

const OFF = [0, 0n, '0', 'OFF', 'off', false] as const;
const ON = [1, 1n, '1', 'ON', 'on', true, 'NO_LOCK', 'NO_LOCK_NO_ADMIN'] as const;
const flagOff = fc.constantFrom(...OFF);
const flagOn = fc.constantFrom(...ON);
const version = fc.stringMatching(/^1\d\.\d{1,2}\.\d{1,2}-MariaDB$/);

describe('mysqlVerdict()', () => {
  it('passes a node only when read_only and innodb_read_only are both off, naming its version', () => {
    fc.assert(
      fc.property(flagOff, flagOff, version, (readOnly, innodb, v) => {
        const verdict = mysqlVerdict({ read_only: readOnly, innodb_read_only: innodb, version: v });
        expect(verdict).toMatchObject({ writable: true, serverVersion: v });
        expect(verdict.summary).toMatch(
          new RegExp(`^writable \\(read_only=\\S+, innodb_read_only=\\S+\\), server `),
        );
      }),
      fcParams(100),
    );
  });

  it('refuses a node as read-only when either variable is on, and names the one that is', () => {
    fc.assert(
      fc.property(fc.boolean(), flagOn, flagOff, version, (innodbSays, on, off, v) => {
        const row = innodbSays
          ? { read_only: off, innodb_read_only: on, version: v }
          : { read_only: on, innodb_read_only: off, version: v };
        const verdict = mysqlVerdict(row);
        expect(verdict).toMatchObject({ writable: false, failure: 'read-only' });
        expect(verdict.summary).toContain(innodbSays ? 'innodb_read_only on' : 'read_only on');
        expect(verdict.summary).toContain('a replica or a demoted primary');
      }),
      fcParams(100),
    );
  });

  it('never passes a value it cannot read', () => {
    const unreadable = fc.oneof(
      fc.string().filter((s) => readFlag(s) === undefined),
      fc.integer({ min: 2 }),
      fc.constant(null),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(unreadable, fc.oneof(flagOff, flagOn), fc.boolean(), (bad, good, badFirst) => {
        const verdict = mysqlVerdict(
          badFirst ? { read_only: bad, innodb_read_only: good } : { read_only: good, innodb_read_only: bad },
        );
        expect(verdict.writable).toBe(false);
      }),
      fcParams(200),
    );
  });

  it('reads the row MariaDB 10.11 sent (as mysql2 returned it)', () => {
    expect(
      mysqlVerdict({ read_only: 0, innodb_read_only: 0, version: '10.11.19-MariaDB-0+deb12u1' }),
    ).toEqual({
      writable: true,
      summary: 'writable (read_only=0, innodb_read_only=0), server 10.11.19-MariaDB-0+deb12u1',
      serverVersion: '10.11.19-MariaDB-0+deb12u1',
    });
    expect(mysqlVerdict({ read_only: 0, innodb_read_only: 1, version: '8.0.mysql_aurora.3.05.2' })).toEqual({
      writable: false,
      failure: 'read-only',
      summary:
        'takes no writes, innodb_read_only on (read_only=0, innodb_read_only=1): a replica or a demoted primary, server 8.0.mysql_aurora.3.05.2',
    });
  });
});

describe('postgresVerdict()', () => {
  it('passes a node only when it is not in recovery; default_transaction_read_only never decides', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom('on', 'off'), (inRecovery, defaultReadOnly) => {
        const verdict = postgresVerdict({
          in_recovery: inRecovery,
          version: '15.18',
          default_read_only: defaultReadOnly,
        });
        expect(verdict.writable).toBe(!inRecovery);
        if (!inRecovery)
          expect(verdict.summary.includes('default_transaction_read_only=on')).toBe(defaultReadOnly === 'on');
      }),
      fcParams(50),
    );
  });

  it('words a standby and a primary', () => {
    expect(
      postgresVerdict({
        in_recovery: true,
        version: '15.18 (Debian 15.18-0+deb12u1)',
        default_read_only: 'off',
      }),
    ).toEqual({
      writable: false,
      failure: 'read-only',
      summary:
        'takes no writes, pg_is_in_recovery()=true: a standby (a replica or a demoted primary), server 15.18 (Debian 15.18-0+deb12u1)',
    });
    expect(postgresVerdict({ in_recovery: false, version: '16.4', default_read_only: 'on' })).toEqual({
      writable: true,
      summary:
        'writable (pg_is_in_recovery()=false), server 16.4; default_transaction_read_only=on for this login, a default that transactions may override, not counted',
      serverVersion: '16.4',
    });
    expect(postgresVerdict({})).toMatchObject({ writable: false, failure: 'wrong-protocol' });
  });
});

// Passwords of every shape, including ones made of the marker's own letters and of regex characters.
const password = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24 }),
  fc.stringMatching(/^[[\]a-z*.$^\\]{1,6}$/),
  fc.constantFrom('password', '[password]', 'ss', '*', 'a'),
);

describe('sanitiseMessage() and describeDriverError()', () => {
  it('never lets any password through, wherever and however often a message quotes it', () => {
    fc.assert(
      fc.property(
        password,
        fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 5 }),
        (pw, parts) => {
          const message = parts.join(pw);
          expect(sanitiseMessage(message, pw)).not.toContain(pw);
        },
      ),
      fcParams(500),
    );
  });

  it('keeps a message that does not hold the password, cut to 200 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 '@.()]{0,300}$/), (message) => {
        const kept = sanitiseMessage(message, '\u0000never-in-it');
        expect(kept).toBe(message.trim().length > 200 ? `${message.trim().slice(0, 200)}…` : message.trim());
      }),
      fcParams(200),
    );
  });

  it('keeps the errno and SQLSTATE of a refused login and scrubs the password from its words', () => {
    fc.assert(
      fc.property(
        // A real password: RDS asks for 8 characters at least; shorter ones may be spelt by our own words.
        fc.string({ minLength: 8, maxLength: 40 }),
        fc.constantFrom('connect', 'login', 'query') as fc.Arbitrary<'connect' | 'login' | 'query'>,
        (pw, stage) => {
          const mysql = Object.assign(
            new Error(`Access denied for user 'probe'@'10.0.0.5' (password '${pw}')`),
            {
              code: 'ER_ACCESS_DENIED_ERROR',
              errno: 1045,
              sqlState: '28000',
            },
          );
          const pg = Object.assign(new Error(`password authentication failed: ${pw}`), { code: '28P01' });
          const verdicts = [describeDriverError(mysql, stage, pw), describeDriverError(pg, stage, pw)];
          for (const verdict of verdicts) expect(verdict.summary).not.toContain(pw);
          expect(verdicts[0]?.summary).toMatch(/error 1045 \(28000\)/);
          expect(verdicts[1]?.summary).toMatch(/error 28P01/);
          expect(verdicts.map((v) => v.failure)).toEqual(
            stage === 'query' ? ['wrong-protocol', 'wrong-protocol'] : ['login-refused', 'login-refused'],
          );
        },
      ),
      fcParams(300),
    );
  });
});

describe('describeDriverError() by what the driver says', () => {
  const pw = 'Correct-Horse-Battery-Staple-42';
  it.each([
    [
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.5:3306' },
      'connect',
      'refused',
      'ECONNREFUSED while connecting',
    ],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'login', 'closed', 'ECONNRESET while logging in'],
    [
      { code: 'HANDSHAKE_NO_SSL_SUPPORT', message: 'Server does not support secure connection' },
      'login',
      'login-refused',
      'the server offers no TLS, which `tls: require` asks for; `tls: disable` would send the login in clear',
    ],
    [
      { message: 'The server does not support SSL connections' },
      'login',
      'login-refused',
      'the server offers no TLS, which `tls: require` asks for; `tls: disable` would send the login in clear',
    ],
    [
      { code: 'PROTOCOL_CONNECTION_LOST', message: 'Connection lost: The server closed the connection.' },
      'query',
      'closed',
      'the server closed the connection after the login',
    ],
    [
      { message: 'Connection terminated unexpectedly' },
      'login',
      'closed',
      'the server closed the connection while logging in',
    ],
    [
      { code: 'EHOSTUNREACH', message: `connect EHOSTUNREACH ${pw}` },
      'connect',
      'unreachable',
      'cannot connect: EHOSTUNREACH connect EHOSTUNREACH [secret]',
    ],
  ] as const)('%j at %s: %s', (error, stage, failure, summary) => {
    expect(describeDriverError(Object.assign(new Error(error.message), error), stage, pw)).toEqual({
      failure,
      summary,
    });
  });
});
