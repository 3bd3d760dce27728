import fc from 'fast-check';
import { DatabaseLoginFormatError, parseDatabaseLogin } from '../../shared/core/database-login';

describe('parseDatabaseLogin', () => {
  it('reads an RDS-managed secret and a rotation secret', () => {
    expect(parseDatabaseLogin('{"username":"postgres","password":"s3cr3t-Value"}')).toEqual({
      username: 'postgres',
      password: 's3cr3t-Value',
    });
    expect(
      parseDatabaseLogin(
        '{"engine":"mysql","host":"orders.cluster-abc.us-east-1.rds.amazonaws.com","username":"probe","password":"p","dbname":"orders","port":3306}',
      ),
    ).toEqual({ username: 'probe', password: 'p', database: 'orders' });
  });

  it('names what is missing, and only that', () => {
    const errorOf = (text: string) => {
      try {
        parseDatabaseLogin(text);
      } catch (error) {
        return error instanceof DatabaseLoginFormatError ? error.message : `unexpected ${String(error)}`;
      }
      return 'no error';
    };
    expect(errorOf('hunter2')).toBe('the login is not JSON: expected {"username": ..., "password": ...}');
    expect(errorOf('["hunter2"]')).toBe(
      'the login is not a JSON object: expected {"username": ..., "password": ...}',
    );
    expect(errorOf('{"password":"hunter2"}')).toBe('the login has no username (a non-empty string)');
    expect(errorOf('{"username":"","password":7}')).toBe(
      'the login has no username and no password (a non-empty string)',
    );
  });

  it('never quotes the text it was given in an error', () => {
    // The secret's text holds the password: whatever shape it has, a rejection must not echo it.
    const password = fc.string({ minLength: 12 }).filter((s) => /[A-Za-z0-9]{12}/.test(s));
    const text = fc.oneof(
      password.map((p) => p),
      password.map((p) => JSON.stringify({ password: p })),
      password.map((p) => JSON.stringify({ username: 1, password: p })),
      password.map((p) => `{"username":"u","password":"${p}"`),
      password.map((p) => JSON.stringify([p])),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseDatabaseLogin(t);
        } catch (error) {
          const secret = /[A-Za-z0-9]{12}/.exec(t)?.[0] ?? '';
          return error instanceof DatabaseLoginFormatError && !error.message.includes(secret);
        }
        return true;
      }),
    );
  });
});
