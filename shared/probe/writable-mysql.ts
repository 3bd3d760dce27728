import { connect } from 'node:net';
import { createConnection } from 'mysql2';
import type { RowDataPacket } from 'mysql2';
import { backendKey } from '../core/keys';
import type { BackendAddress } from '../core/types';
import { boundedCheck } from './bounded-check';
import type { CheckOutcome, CheckSession } from './bounded-check';
import { CheckStage } from './driver-error';
import { ProbeTls } from '../core/config-types';
import type { ProbeResult } from './probe-result';
import type { WritableCheckOptions } from './writable-check';
import { MYSQL_WRITABLE_QUERY, mysqlVerdict, resultOfVerdict } from './writable-verdict';

/**
 * Logs in to a MySQL or MariaDB server at the address (not the endpoint's name) and asks whether it
 * takes writes: `@@global.read_only` and `@@global.innodb_read_only` both off. With `tls: require` the
 * login goes over TLS without verifying the certificate; a server without TLS refuses the check.
 */
export function checkMysqlWritable(
  address: BackendAddress,
  options: WritableCheckOptions,
): Promise<ProbeResult> {
  return boundedCheck(address, options, (session) => askMysql(address, options, session));
}

async function askMysql(
  address: BackendAddress,
  options: WritableCheckOptions,
  session: CheckSession,
): Promise<CheckOutcome> {
  // Our socket, handed to the driver: the runner destroys it however the check ends, which the driver's
  // own connect would not let us do while its handshake is pending.
  const socket = session.own(connect({ host: address.ip, port: address.port, noDelay: true }));
  socket.once('connect', () => session.reach(CheckStage.Login));
  const core = createConnection({
    stream: socket,
    user: options.login.username,
    password: options.login.password,
    // mysql2 upgrades the same socket (tls.connect({ socket })) when the server's handshake offers TLS,
    // and fails with HANDSHAKE_NO_SSL_SUPPORT when it does not.
    ...(options.tls === ProbeTls.Require ? { ssl: { rejectUnauthorized: false } } : {}),
    connectTimeout: session.budgetMs,
    // Nothing of ours is prepared or cached: one question, then goodbye.
    maxPreparedStatements: 1,
  });
  // A second error (the socket's, after the handshake's) would be unhandled without a listener of ours.
  core.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    core.once('connect', () => resolve());
    core.once('error', reject);
  });
  session.reach(CheckStage.Query);
  const connection = core.promise();
  const [rows] = await connection.query<RowDataPacket[]>(MYSQL_WRITABLE_QUERY);
  const row: Record<string, unknown> = rows[0] ?? {};
  const verdict = mysqlVerdict(row);
  return {
    result: resultOfVerdict(verdict, backendKey(address), 'mysql'),
    close: () => connection.end(),
  };
}
