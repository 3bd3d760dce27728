import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawReply } from './faults';
import {
  actionParams,
  checkCommonParams,
  readRpcParams,
  renderError,
  RpcError,
  verifySignature,
  type ErrorContext,
} from './rpc-protocol';
import type { RpcCall, RpcCredentials, RpcService } from './types';

/** A running emulator endpoint. */
export interface RpcServer {
  /** `http://127.0.0.1:<port>`, for pop-core's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

/** Where to listen and whom to let in. */
export interface RpcServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The AccessKey pairs the server accepts: `{ [accessKeyId]: accessKeySecret }`. */
  credentials: RpcCredentials;
  /** The `RequestId` of every answer; defaults to an upper-case UUID, as Alibaba Cloud writes them. */
  newRequestId?: () => string;
}

const JSON_TYPE = 'application/json;charset=utf-8';

/** Serves one emulator over the Alibaba Cloud RPC protocol (GET or POST, signature v1) on 127.0.0.1 only. */
export async function startRpcServer(service: RpcService, options: RpcServerOptions): Promise<RpcServer> {
  const newRequestId = options.newRequestId ?? (() => randomUUID().toUpperCase());
  const usedNonces = new Set<string>();
  const server = createServer((req, res) => {
    const context: ErrorContext = {
      requestId: newRequestId(),
      hostId: req.headers.host ?? '127.0.0.1',
      product: service.product,
    };
    void answer({ service, credentials: options.credentials, usedNonces }, req, res, context);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // pop-core sends through a keep-alive agent: without this, close() waits for idle sockets to time out.
        server.closeAllConnections();
      }),
  };
}

interface Endpoint {
  service: RpcService;
  credentials: RpcCredentials;
  usedNonces: Set<string>;
}

async function answer(
  endpoint: Endpoint,
  req: IncomingMessage,
  res: ServerResponse,
  context: ErrorContext,
): Promise<void> {
  try {
    send(res, context.requestId, await respond(endpoint, req, context.requestId));
  } catch (caught) {
    const error = asRpcError(caught);
    const body = JSON.stringify(renderError(error, context));
    send(res, context.requestId, { status: error.httpStatus, contentType: JSON_TYPE, body });
  }
}

/** Authenticates, logs and runs one request; returns the reply or throws an `RpcError`. */
async function respond(endpoint: Endpoint, req: IncomingMessage, requestId: string): Promise<RawReply> {
  const { service } = endpoint;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new RpcError('UnsupportedHTTPMethod', `Specified HTTP method ${method} is not supported.`, 405);
  }
  const params = await readRpcParams(req);
  const { securityTokenSent } = verifySignature(method, params, endpoint.credentials, endpoint.usedNonces);
  const action = params.get('Action') ?? '';
  const own = actionParams(params);
  const call: RpcCall = { action, params: Object.fromEntries(own), securityTokenSent, at: service.now() };
  service.calls.push(call);
  try {
    checkCommonParams(params, service);
    const effect = await service.faults.apply(action);
    if (effect !== undefined) call.fault = effect.kind;
    if (effect !== undefined && 'error' in effect) throw effect.error;
    if (effect !== undefined && 'reply' in effect) return effect.reply(requestId);
    const result = service.dispatch(action, own);
    return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ RequestId: requestId, ...result }) };
  } catch (error) {
    call.errorCode = asRpcError(error).code;
    throw error;
  }
}

/** A bug in an emulator still answers like the gateway does, so the client sees a 500 and not a hang. */
function asRpcError(caught: unknown): RpcError {
  if (caught instanceof RpcError) return caught;
  const message = 'The request processing has failed due to some unknown error, exception or failure.';
  return new RpcError('InternalError', message, 500, { cause: caught });
}

function send(res: ServerResponse, requestId: string, reply: RawReply): void {
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType,
    'Content-Length': Buffer.byteLength(reply.body),
    'x-acs-request-id': requestId,
  });
  res.end(reply.body);
}
