import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { listenOnLoopback } from '../listen';
import type { LabHttpServer } from '../listen';
import { readBody } from '../read-body';
import { MAX_BODY_BYTES, xmlElement, xmlText } from './query-protocol';
import { Route53Error } from './route53-emulator';
import type { Route53Emulator } from './route53-emulator';
import { document } from './route53-xml';

/**
 * Serves the Route 53 emulator over REST-XML on 127.0.0.1. Like the Query server, it refuses a request
 * that is not SigV4-signed, and one signed for another service than `route53`: Route 53 is global, and
 * the SDK must sign for it whatever the function's region (the credential scope is
 * `<date>/us-east-1/route53/aws4_request`).
 */
export async function startRoute53Server(
  service: Route53Emulator,
  options: { latencyMs?: number; newRequestId?: () => string } = {},
): Promise<LabHttpServer> {
  const newRequestId = options.newRequestId ?? randomUUID;
  const server = createServer((req, res) => {
    void (async () => {
      const requestId = newRequestId();
      let status = 200;
      let xml: string;
      try {
        const authorization = req.headers.authorization ?? '';
        if (!authorization.startsWith('AWS4-HMAC-SHA256')) {
          throw new Route53Error(
            'MissingAuthenticationToken',
            ['Request is missing Authentication Token'],
            403,
          );
        }
        const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
        if (!scope || scope[3] !== 'route53') {
          throw new Route53Error(
            'SignatureDoesNotMatch',
            [`Credential should be scoped to correct service: 'route53'.`],
            403,
          );
        }
        const url = new URL(req.url ?? '/', 'http://route53.lab');
        const body = await readBody(
          req,
          MAX_BODY_BYTES,
          () => new Route53Error('InvalidInput', ['Request too large'], 413),
        );
        xml = await service.handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body,
          accessKeyId: scope[1] ?? '',
        });
      } catch (caught) {
        const error =
          caught instanceof Route53Error
            ? caught
            : new Route53Error(
                'InternalFailure',
                ['The request processing has failed because of an unknown error'],
                500,
              );
        status = error.httpStatus;
        xml = renderError(error, requestId);
      }
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      res.writeHead(status, {
        'Content-Type': 'text/xml',
        'Content-Length': Buffer.byteLength(xml),
        'x-amzn-RequestId': requestId,
      });
      res.end(xml);
    })();
  });
  return listenOnLoopback(server);
}

/**
 * Errors come in the REST-XML `<ErrorResponse><Error>` envelope, `InvalidChangeBatch` with one reason
 * included (a real answer: boto/boto#2887). A batch with several reasons comes in an envelope of its own,
 * every reason in `<Messages>` (the form aws-sdk-go-v2's route53 customization and the Kotlin SDK's
 * tests parse); @aws-sdk/client-route-53 3.x does not map it to `InvalidChangeBatch`.
 */
function renderError(error: Route53Error, requestId: string): string {
  if (error.code === 'InvalidChangeBatch' && error.messages.length > 1) {
    return document(
      'InvalidChangeBatch',
      xmlElement('Messages', error.messages.map((m) => xmlText('Message', m)).join('')) +
        xmlText('RequestId', requestId),
    );
  }
  return document(
    'ErrorResponse',
    xmlElement(
      'Error',
      xmlText('Type', error.httpStatus >= 500 ? 'Receiver' : 'Sender') +
        xmlText('Code', error.code) +
        xmlText('Message', error.message),
    ) + xmlText('RequestId', requestId),
  );
}
