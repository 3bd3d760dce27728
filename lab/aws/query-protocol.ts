import type { IncomingMessage } from 'node:http';
import { readBody } from '../read-body';

/** Largest request body the emulators accept; SNS's own limit (256 KiB message) fits well inside. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Why an action failed, in the terms an AWS Query service answers with: the `Code` the SDK maps to an
 * exception class, the `Message`, and the HTTP status that decides whether the SDK retries.
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The envelope's `Type`: AWS blames the caller below 500 and itself from 500 up. */
  get type(): 'Sender' | 'Receiver' {
    return this.httpStatus >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Reads an `application/x-www-form-urlencoded` body, refusing bodies over `maxBytes`. */
export async function readFormBody(
  req: IncomingMessage,
  maxBytes = MAX_BODY_BYTES,
): Promise<URLSearchParams> {
  const body = await readBody(
    req,
    maxBytes,
    () => new QueryError('RequestEntityTooLarge', `Request body is larger than ${maxBytes} bytes`, 413),
  );
  return new URLSearchParams(body);
}

/**
 * Decodes a Query list of structures, `Name.member.N.Field=value`, into objects ordered by N.
 *
 * Returns undefined when the list is absent and [] when the SDK sent it empty: it serializes
 * `Targets: []` as a bare `Targets=`, which is not the same request as leaving `Targets` out.
 */
export function decodeMemberList(
  params: URLSearchParams,
  name: string,
): Record<string, string>[] | undefined {
  const prefix = `${name}.member.`;
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue;
    const match = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length));
    if (match === null) continue;
    const index = Number(match[1]);
    const member = byIndex.get(index) ?? {};
    member[match[2] ?? ''] = value;
    byIndex.set(index, member);
  }
  if (byIndex.size === 0) return params.has(name) ? [] : undefined;
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, member]) => member);
}

/** Escapes text for an XML element body or attribute. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>escaped value</name>`, or nothing when the value is absent (AWS omits unset members). */
export function xmlText(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** Wraps already-rendered XML in an element. */
export function xmlElement(name: string, innerXml: string): string {
  return innerXml === '' ? `<${name}/>` : `<${name}>${innerXml}</${name}>`;
}

/** What a success envelope needs. */
export interface SuccessEnvelope {
  action: string;
  xmlNamespace: string;
  /** The inner XML of `<ActionResult>`. */
  resultXml: string;
  requestId: string;
}

/**
 * Renders `<ActionResponse xmlns><ActionResult>...</ActionResult><ResponseMetadata>...`.
 *
 * The SDK strips the root element without checking its name and then reads only `<ActionResult>`:
 * a misspelt result element yields an empty output, not an error, so the name must be exact.
 */
export function renderSuccess(envelope: SuccessEnvelope): string {
  const { action, xmlNamespace, resultXml, requestId } = envelope;
  return (
    `<${action}Response xmlns="${xmlEscape(xmlNamespace)}">` +
    xmlElement(`${action}Result`, resultXml) +
    xmlElement('ResponseMetadata', xmlText('RequestId', requestId)) +
    `</${action}Response>`
  );
}

/** Renders `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function renderError(error: QueryError, xmlNamespace: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${xmlEscape(xmlNamespace)}">` +
    xmlElement(
      'Error',
      xmlText('Type', error.type) + xmlText('Code', error.code) + xmlText('Message', error.message),
    ) +
    xmlText('RequestId', requestId) +
    '</ErrorResponse>'
  );
}
