import { connect } from 'node:net';
import type { CallContext } from '../backends/pool';
import type { BackendAddress } from '../core/types';
import { startProbe } from './probe-start';
import { parseMysqlGreeting } from './mysql-greeting';
import { parsePostgresSslAnswer, SSL_REQUEST } from './postgres-ssl-answer';
import { ProbeProtocol } from '../core/probe-protocol';
import { ProbeFailure } from './probe-result';
import type { ProbeResult } from './probe-result';

export interface ProbeOptions {
  readonly protocol: ProbeProtocol;
  /** The probe's own limit, connect and answer together. */
  readonly timeoutMs: number;
  /** The invocation's deadline and abort signal: the probe also ends by them. */
  readonly call: CallContext;
  /** Epoch milliseconds by the clock `call.deadlineMs` is measured with. */
  readonly now: () => number;
}

/** Bytes kept at most while waiting for an answer: a greeting is about a hundred. */
const MAX_RECEIVED_BYTES = 8192;

/**
 * Connects to one address and, for a database protocol, reads its first answer. Sends no credential:
 * MySQL speaks first (its greeting), PostgreSQL answers an SSLRequest; the connection is then closed.
 * Never throws: every way it can end is a `ProbeResult`.
 */
export function probeAddress(address: BackendAddress, options: ProbeOptions): Promise<ProbeResult> {
  const { protocol } = options;
  const start = startProbe(address, options);
  if (start.ended) return Promise.resolve(start.ended);
  const { target, failed, budgetMs } = start;
  const signal = options.call.abortSignal;

  return new Promise<ProbeResult>((resolve) => {
    let connected = false;
    let received = Buffer.alloc(0);
    const socket = connect({ host: address.ip, port: address.port, noDelay: true });
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      // An error after the verdict (a reset on destroy) must not be unhandled.
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish(failed(ProbeFailure.Aborted, 'the invocation ran out of time'));
    const timer = setTimeout(
      () =>
        finish(
          failed(
            ProbeFailure.Timeout,
            connected
              ? `connected, but no ${ANSWER[protocol]} within ${budgetMs} ms`
              : `no TCP connection within ${budgetMs} ms`,
          ),
        ),
      budgetMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => {
      connected = true;
      if (protocol === ProbeProtocol.Tcp) {
        finish({ ok: true, target, protocol, summary: 'TCP connection accepted' });
      } else if (protocol === ProbeProtocol.Postgres) {
        socket.write(SSL_REQUEST);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]).subarray(0, MAX_RECEIVED_BYTES);
      const verdict = interpret(protocol, received, target, failed);
      if (verdict) finish(verdict);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'network error';
      finish(
        code === 'ECONNREFUSED'
          ? failed(ProbeFailure.Refused, 'connection refused: nothing listens on that port')
          : failed(ProbeFailure.Unreachable, `${connected ? 'connection lost' : 'cannot connect'}: ${code}`),
      );
    });
    socket.once('close', () =>
      finish(
        failed(
          ProbeFailure.Closed,
          connected ? `the server closed the connection before its ${ANSWER[protocol]}` : 'connection closed',
        ),
      ),
    );
  });
}

const ANSWER: Record<ProbeProtocol, string> = {
  tcp: 'connection',
  mysql: 'MySQL greeting',
  postgres: 'answer to SSLRequest',
};

/** The verdict on what has arrived, or undefined while more must be read. */
function interpret(
  protocol: ProbeProtocol,
  received: Uint8Array,
  target: string,
  failed: (failure: ProbeFailure, summary: string) => ProbeResult,
): ProbeResult | undefined {
  if (protocol === ProbeProtocol.Mysql) {
    const greeting = parseMysqlGreeting(received);
    switch (greeting.kind) {
      case 'incomplete':
        return received.length >= MAX_RECEIVED_BYTES
          ? failed(ProbeFailure.WrongProtocol, 'not a MySQL greeting: too long')
          : undefined;
      case 'handshake':
        return {
          ok: true,
          target,
          protocol,
          summary: `MySQL protocol ${greeting.protocolVersion} greeting, server ${greeting.serverVersion}`,
          serverVersion: greeting.serverVersion,
        };
      case 'error':
        // The server refused this client before any login (its host, too many connections): a MySQL
        // server is listening, which is what the probe asks. The load balancer's own connections come
        // from other addresses, which the server judges on their own.
        return {
          ok: true,
          target,
          protocol,
          summary: `MySQL server answered with error ${greeting.code}: ${greeting.message}`,
        };
      case 'not-mysql':
        return failed(ProbeFailure.WrongProtocol, `not a MySQL greeting: ${greeting.detail}`);
    }
  }
  if (protocol === ProbeProtocol.Postgres) {
    const answer = parsePostgresSslAnswer(received);
    switch (answer.kind) {
      case 'incomplete':
        return undefined;
      case 'ssl':
        return {
          ok: true,
          target,
          protocol,
          summary: `PostgreSQL answered SSLRequest with '${answer.willEncrypt ? 'S' : 'N'}' (TLS ${answer.willEncrypt ? 'offered' : 'not offered'}); no version is sent before login`,
        };
      case 'error':
        return {
          ok: true,
          target,
          protocol,
          summary: `PostgreSQL answered SSLRequest with an error${answer.code ? ` ${answer.code}` : ''}: ${answer.message}`,
        };
      case 'not-postgres':
        return failed(ProbeFailure.WrongProtocol, `not a PostgreSQL answer: ${answer.detail}`);
    }
  }
  return undefined;
}
