import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { QueryError, readFormBody, renderError, renderSuccess } from './query-protocol';
import type { QueryCall, QueryService } from './types';
import { listenOnLoopback } from '../listen';
import type { LabHttpServer } from '../listen';

/** A running emulator endpoint: its `url` goes in the client's endpoint setting. */
export type QueryServer = LabHttpServer;

/** Where to listen; port 0 (the default) picks a free one. */
export interface QueryServerOptions {
  port?: number;
  /** The `RequestId` of every answer; defaults to `randomUUID`. */
  newRequestId?: () => string;
  /**
   * Holds every answer this long after the request arrived: the round trip to a real endpoint, for the
   * bench. The request is handled (and throttled) on arrival, as AWS handles it.
   */
  latencyMs?: number;
}

/** Serves one emulator over the AWS Query protocol on 127.0.0.1 only. */
export async function startQueryServer(
  service: QueryService,
  options: QueryServerOptions = {},
): Promise<QueryServer> {
  const newRequestId = options.newRequestId ?? randomUUID;
  const latencyMs = options.latencyMs ?? 0;
  const server = createServer((req, res) => {
    void answer(service, req, res, newRequestId(), latencyMs);
  });
  return listenOnLoopback(server, options.port);
}

async function answer(
  service: QueryService,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  latencyMs: number,
): Promise<void> {
  let status = 200;
  let body: string;
  try {
    body = await respond(service, req, requestId);
  } catch (caught) {
    const error = asQueryError(caught);
    status = error.httpStatus;
    body = renderError(error, service.xmlNamespace, requestId);
  }
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  send(res, status, requestId, body);
}

/** Authenticates, logs and runs one request; returns the success envelope or throws. */
async function respond(service: QueryService, req: IncomingMessage, requestId: string): Promise<string> {
  // Refusing unsigned requests proves the client went through SigV4; checking the signature
  // itself would only test the SDK's signer.
  if (!(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) {
    throw new QueryError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  const params = await readFormBody(req);
  const action = params.get('Action') ?? '';
  const version = params.get('Version') ?? 'NO_VERSION_SPECIFIED';
  if (action === '') {
    throw new QueryError('MissingAction', 'Could not find operation (Action) in the request');
  }
  if (version !== service.version) {
    throw new QueryError('InvalidAction', `Could not find operation ${action} for version ${version}`);
  }
  params.delete('Action');
  params.delete('Version');
  const call: QueryCall = { action, params: Object.fromEntries(params), at: service.now() };
  service.calls.push(call);
  try {
    await service.faults.apply(action);
    const resultXml = service.dispatch(action, params);
    return renderSuccess({ action, xmlNamespace: service.xmlNamespace, resultXml, requestId });
  } catch (error) {
    call.errorCode = asQueryError(error).code;
    throw error;
  }
}

/** A bug in an emulator still answers like AWS does, so the SDK under test sees a 500 and not a hang. */
function asQueryError(caught: unknown): QueryError {
  if (caught instanceof QueryError) return caught;
  const message = 'The request processing has failed because of an unknown error';
  return new QueryError('InternalFailure', message, 500, { cause: caught });
}

function send(res: ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(xml),
    'x-amzn-RequestId': requestId,
  });
  res.end(xml);
}
