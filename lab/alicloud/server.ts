import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
import { listenOnLoopback } from '../listen';
import type { LabHttpServer } from '../listen';

/** A running emulator endpoint: its `url` goes in the client's endpoint setting. */
export type RpcServer = LabHttpServer;

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
  return listenOnLoopback(server, options.port);
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
    const { service } = endpoint;
    const body = JSON.stringify(
      service.renderError ? service.renderError(error, context) : renderError(error, context),
    );
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
