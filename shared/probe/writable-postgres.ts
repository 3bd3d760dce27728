import { Socket } from 'node:net';
import { Client } from 'pg';
import { backendKey } from '../core/keys';
import type { BackendAddress } from '../core/types';
import { boundedCheck } from './bounded-check';
import type { CheckOutcome, CheckSession } from './bounded-check';
import { CheckStage } from './driver-error';
import { ProbeTls } from '../core/config-types';
import type { ProbeResult } from './probe-result';
import type { WritableCheckOptions } from './writable-check';
import { POSTGRES_WRITABLE_QUERY, postgresVerdict, resultOfVerdict } from './writable-verdict';

/**
 * Logs in to a PostgreSQL server at the address (not the endpoint's name) and asks whether it takes
 * writes: `pg_is_in_recovery()` false. With `tls: require` the login goes over TLS without verifying the
 * certificate (libpq's `sslmode=require`); a server that answers the SSLRequest with 'N' refuses the check.
 */
export function checkPostgresWritable(
  address: BackendAddress,
  options: WritableCheckOptions,
): Promise<ProbeResult> {
  return boundedCheck(address, options, (session) => askPostgres(address, options, session));
}

async function askPostgres(
  address: BackendAddress,
  options: WritableCheckOptions,
  session: CheckSession,
): Promise<CheckOutcome> {
  const client = new Client({
    host: address.ip,
    port: address.port,
    user: options.login.username,
    password: options.login.password,
    database: options.database ?? 'postgres',
    // false: pg sends no SSLRequest at all. An object: it sends one and fails on 'N' (connection.js).
    ssl: options.tls === ProbeTls.Require ? { rejectUnauthorized: false } : false,
    // Our socket, which pg connects (and wraps in TLS): the runner destroys it however the check ends.
    stream: () => {
      const socket = session.own(new Socket());
      socket.once('connect', () => session.reach(CheckStage.Login));
      return socket;
    },
    connectionTimeoutMillis: session.budgetMs,
    application_name: 'rds-failover-sync probe',
  });
  // pg emits 'error' on the client when the connection fails outside a pending call: ours to swallow,
  // the pending call rejects with it too.
  client.on('error', () => undefined);
  await client.connect();
  session.reach(CheckStage.Query);
  const answer = await client.query<Record<string, unknown>>(POSTGRES_WRITABLE_QUERY);
  const verdict = postgresVerdict(answer.rows[0] ?? {});
  return {
    result: resultOfVerdict(verdict, backendKey(address), 'postgres'),
    close: () => client.end(),
  };
}
