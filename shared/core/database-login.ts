/**
 * A database login for the writability check. `password` is a secret: it goes to the database and
 * nowhere else (no log, error, report or alert).
 */
export interface DatabaseLogin {
  readonly username: string;
  readonly password: string;
  /** PostgreSQL: the database the secret names (`dbname`, as RDS-managed and rotation secrets write it). */
  readonly database?: string;
}

/** The login's text is not the JSON it must be. The message names fields, never values. */
export class DatabaseLoginFormatError extends Error {
  override readonly name = 'DatabaseLoginFormatError';
}

/**
 * Reads a login from a secret's text: a JSON object with string `username` and `password`, as RDS writes
 * its managed master-user secrets and as the rotation templates write theirs; other members (`engine`,
 * `host`, `port`) are ignored. The error never quotes the text: it holds the password.
 */
export function parseDatabaseLogin(text: string): DatabaseLogin {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DatabaseLoginFormatError('the login is not JSON: expected {"username": ..., "password": ...}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatabaseLoginFormatError(
      'the login is not a JSON object: expected {"username": ..., "password": ...}',
    );
  }
  const record = value as Record<string, unknown>;
  const missing = ['username', 'password'].filter(
    (key) => typeof record[key] !== 'string' || record[key] === '',
  );
  if (missing.length > 0) {
    throw new DatabaseLoginFormatError(`the login has no ${missing.join(' and no ')} (a non-empty string)`);
  }
  const dbname = record.dbname;
  return {
    username: record.username as string,
    password: record.password as string,
    ...(typeof dbname === 'string' && dbname !== '' ? { database: dbname } : {}),
  };
}
