/**
 * The little XML Route 53 speaks (REST-XML, namespace `https://route53.amazonaws.com/doc/2013-04-01/`):
 * the `ChangeResourceRecordSetsRequest` body the SDK sends, and the answers it parses. Shapes from the
 * Route 53 API reference (ChangeResourceRecordSets, GetChange, ListResourceRecordSets) and the SDK's
 * model in @aws-sdk/client-route-53. The request body is read with patterns, not a parser: it is always
 * the SDK's own serialization, element per element.
 */
import { xmlElement, xmlEscape, xmlText } from './query-protocol';

export const ROUTE53_XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** A record set as the emulator keeps it. */
export interface LabRecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly values: readonly string[];
  readonly setIdentifier?: string;
  readonly weight?: number;
  readonly failover?: string;
  readonly aliasTarget?: string;
}

export interface LabChange {
  readonly action: string;
  readonly set: LabRecordSet;
}

const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const all = (xml: string, element: string): string[] =>
  [...xml.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'))].map((m) => m[1] ?? '');
const one = (xml: string, element: string): string | undefined => {
  const found = all(xml, element)[0];
  return found === undefined ? undefined : unescape(found);
};

/** The changes of a `ChangeResourceRecordSetsRequest`, in order. */
export function parseChangeBatch(xml: string): LabChange[] {
  return all(xml, 'Change').map((change) => {
    const setXml = all(change, 'ResourceRecordSet')[0] ?? '';
    const ttl = one(setXml, 'TTL');
    const weight = one(setXml, 'Weight');
    const setIdentifier = one(setXml, 'SetIdentifier');
    const failover = one(setXml, 'Failover');
    const alias = all(setXml, 'AliasTarget')[0];
    return {
      action: one(change, 'Action') ?? '',
      set: {
        name: one(setXml, 'Name') ?? '',
        type: one(setXml, 'Type') ?? '',
        values: all(setXml, 'ResourceRecord').map((record) => one(record, 'Value') ?? ''),
        ...(ttl !== undefined ? { ttl: Number(ttl) } : {}),
        ...(weight !== undefined ? { weight: Number(weight) } : {}),
        ...(setIdentifier !== undefined ? { setIdentifier } : {}),
        ...(failover !== undefined ? { failover } : {}),
        ...(alias !== undefined ? { aliasTarget: one(alias, 'DNSName') ?? '' } : {}),
      },
    };
  });
}

export function renderRecordSet(set: LabRecordSet): string {
  return xmlElement(
    'ResourceRecordSet',
    xmlText('Name', set.name) +
      xmlText('Type', set.type) +
      xmlText('SetIdentifier', set.setIdentifier) +
      xmlText('Weight', set.weight) +
      xmlText('Failover', set.failover) +
      xmlText('TTL', set.ttl) +
      (set.aliasTarget !== undefined
        ? xmlElement(
            'AliasTarget',
            xmlText('HostedZoneId', 'Z35SXDOTRQ7X7K') +
              xmlText('DNSName', set.aliasTarget) +
              xmlText('EvaluateTargetHealth', 'false'),
          )
        : xmlElement(
            'ResourceRecords',
            set.values.map((value) => xmlElement('ResourceRecord', xmlText('Value', value))).join(''),
          )),
  );
}

export interface LabChangeInfo {
  readonly id: string;
  readonly status: 'PENDING' | 'INSYNC';
  readonly submittedAt: number;
  readonly comment?: string;
}

export function renderChangeInfo(info: LabChangeInfo): string {
  return xmlElement(
    'ChangeInfo',
    xmlText('Id', `/change/${info.id}`) +
      xmlText('Status', info.status) +
      xmlText('SubmittedAt', new Date(info.submittedAt).toISOString()) +
      xmlText('Comment', info.comment),
  );
}

/** `<?xml ...?><Root xmlns>inner</Root>`, as Route 53 answers. */
export function document(root: string, innerXml: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${xmlEscape(ROUTE53_XMLNS)}">${innerXml}</${root}>`;
}
