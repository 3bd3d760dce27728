import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../listen';
import type { LabHttpServer } from '../listen';
import { readBodyBytes } from '../read-body';
import type { OtsCall, TablestoreEmulator } from './tablestore-emulator';
import { contentMd5, OtsError, otsErrors, verifyOtsRequest } from './tablestore-protocol';
import type { RpcCredentials } from './types';

export interface TablestoreServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The AccessKey pairs the server accepts: `{ [accessKeyId]: accessKeySecret }`. */
  credentials: RpcCredentials;
  /** The `x-ots-requestid` of every answer; defaults to a UUID-like id as the service writes them. */
  newRequestId?: () => string;
}

/** A protobuf request is a few KiB here; the service's own limit is far larger. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Serves the Tablestore emulator on 127.0.0.1 over the service's protocol: `POST /<Action>`, `x-ots-*`
 * headers signed with HMAC-SHA1, protobuf bodies, and errors as a status plus a protobuf `Error`.
 */
export async function startTablestoreServer(
  emulator: TablestoreEmulator,
  options: TablestoreServerOptions,
): Promise<LabHttpServer> {
  const newRequestId = options.newRequestId ?? (() => randomUUID());
  const server = createServer((req, res) => {
    void answer(emulator, options.credentials, req, res, newRequestId());
  });
  return listenOnLoopback(server, options.port);
}

async function answer(
  emulator: TablestoreEmulator,
  credentials: RpcCredentials,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  try {
    send(res, requestId, emulator.now(), 200, await respond(emulator, credentials, req));
  } catch (caught) {
    const error = asOtsError(caught);
    send(res, requestId, emulator.now(), error.httpStatus, error.encode());
  }
}

async function respond(
  emulator: TablestoreEmulator,
  credentials: RpcCredentials,
  req: IncomingMessage,
): Promise<Uint8Array> {
  const method = req.method ?? 'GET';
  if (method !== 'POST') throw otsErrors.methodNotAllowed(method);
  const path = new URL(req.url ?? '/', 'http://lab').pathname;
  const body = await readBodyBytes(req, MAX_BODY_BYTES, () => otsErrors.requestTooLarge(MAX_BODY_BYTES));
  const caller = verifyOtsRequest(path, method, req.headers, body, credentials);
  const call: OtsCall = {
    action: path.slice(1),
    instance: caller.instance,
    securityTokenSent: caller.securityTokenSent,
    at: emulator.now(),
  };
  emulator.calls.push(call);
  try {
    const effect = await emulator.faults.apply(call.action);
    if (effect !== undefined) call.fault = effect.kind;
    if (effect?.error !== undefined) throw effect.error;
    return emulator.dispatch(call.action, caller.instance, body);
  } catch (error) {
    call.errorCode = asOtsError(error).code;
    throw error;
  }
}

/** A bug in the emulator still answers as the service does, so the client sees a 500 and not a hang. */
function asOtsError(caught: unknown): OtsError {
  if (caught instanceof OtsError) return caught;
  return new OtsError('OTSInternalServerError', 'Internal server error.', 500, { cause: caught });
}

function send(res: ServerResponse, requestId: string, nowMs: number, status: number, body: Uint8Array): void {
  res.writeHead(status, {
    'Content-Type': 'application/x-protobuf',
    'Content-Length': body.length,
    'x-ots-requestid': requestId,
    'x-ots-contenttype': 'protocol buffer',
    'x-ots-contentmd5': contentMd5(body),
    'x-ots-date': new Date(nowMs).toISOString(),
  });
  res.end(body);
}
