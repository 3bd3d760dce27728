import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../listen';
import type { LabHttpServer } from '../listen';
import { CoralError, JSON_1_0, JsonError, readJsonBody, renderJsonError } from './json-protocol';
import type { JsonDialect } from './json-protocol';
import type { JsonCall, JsonService } from './types';

/** A running JSON 1.0 emulator endpoint: its `url` goes in the client's endpoint setting. */
export type JsonServer = LabHttpServer;

/** Where to listen; port 0 (the default) picks a free one. */
export interface JsonServerOptions {
  port?: number;
  /** The `x-amzn-RequestId` of every answer; defaults to `randomUUID`. */
  newRequestId?: () => string;
}

/**
 * Serves one emulator over the AWS JSON protocol (`POST /`, `X-Amz-Target`), 1.0 unless the service
 * speaks another dialect, on 127.0.0.1 only.
 */
export async function startJsonServer(
  service: JsonService,
  options: JsonServerOptions = {},
): Promise<JsonServer> {
  const newRequestId = options.newRequestId ?? randomUUID;
  const server = createServer((req, res) => {
    void answer(service, req, res, newRequestId());
  });
  return listenOnLoopback(server, options.port);
}

async function answer(
  service: JsonService,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const dialect = service.dialect ?? JSON_1_0;
  try {
    send(res, 200, requestId, JSON.stringify(await respond(service, req)), dialect);
  } catch (caught) {
    const error = asJsonError(caught);
    send(res, error.httpStatus, requestId, renderJsonError(error, dialect), dialect);
  }
}

/** Authenticates, logs and runs one request; returns the answer's body or throws. */
async function respond(service: JsonService, req: IncomingMessage): Promise<Record<string, unknown>> {
  // Refusing unsigned requests proves the client went through SigV4; checking the signature itself
  // would only test the SDK's signer.
  if (!(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) {
    throw CoralError.missingAuthentication();
  }
  const target = req.headers['x-amz-target'];
  const prefix = `${service.targetPrefix}.`;
  if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(prefix)) {
    throw CoralError.unknownOperation();
  }
  const operation = target.slice(prefix.length);
  const input = await readJsonBody(req);
  const call: JsonCall = { operation, input, at: service.now() };
  service.calls.push(call);
  try {
    const lostReply = await service.faults.apply(operation);
    const output = service.dispatch(operation, input);
    if (lostReply !== undefined) throw lostReply;
    return output;
  } catch (error) {
    call.errorCode = asJsonError(error).code;
    throw error;
  }
}

/** A bug in an emulator still answers like AWS does, so the SDK under test sees a 500 and not a hang. */
function asJsonError(caught: unknown): JsonError {
  if (caught instanceof JsonError) return caught;
  return new JsonError(
    'com.amazon.coral.service#InternalFailure',
    'The request processing has failed because of an unknown error',
    500,
    {},
    { cause: caught },
  );
}

function send(
  res: ServerResponse,
  status: number,
  requestId: string,
  body: string,
  dialect: JsonDialect,
): void {
  res.writeHead(status, {
    'Content-Type': dialect.contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}
