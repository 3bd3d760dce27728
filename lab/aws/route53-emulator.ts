import { isIPv4 } from 'node:net';
import { FaultQueue } from '../fault-queue';
import { document, parseChangeBatch, renderChangeInfo, renderRecordSet } from './route53-xml';
import type { LabChange, LabChangeInfo, LabRecordSet } from './route53-xml';
import { xmlText } from './query-protocol';

/** A Route 53 error: the code the SDK maps to an exception class, its message(s), the HTTP status. */
export class Route53Error extends Error {
  override readonly name = 'Route53Error';
  constructor(
    readonly code: string,
    readonly messages: readonly string[],
    readonly httpStatus = 400,
  ) {
    super(messages.join('; '));
  }
}

/** One request the emulator received after authentication, in arrival order. */
export interface Route53Call {
  readonly operation: 'ChangeResourceRecordSets' | 'GetChange' | 'ListResourceRecordSets';
  readonly at: number;
  /** The changes sent, for ChangeResourceRecordSets: what a test checks "one UPSERT" against. */
  readonly changes?: readonly LabChange[];
  /** The query string, for ListResourceRecordSets. */
  readonly query?: Readonly<Record<string, string>>;
  errorCode?: string;
}

export interface Route53EmulatorOptions {
  now?: () => number;
  /**
   * The account an access key belongs to (the STS emulator knows the keys it issued); every key is the
   * lab's own account otherwise. A zone answers only its own account, as in AWS without a resource policy.
   */
  accountOf?: (accessKeyId: string) => string;
  /** How long a change stays `PENDING` before GetChange says `INSYNC`; default 1500 (Route 53: "within 60 s"). */
  inSyncAfterMs?: number;
}

/** The account the lab's own credentials belong to. */
export const LAB_ACCOUNT = '123456789012';

interface Zone {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  sets: LabRecordSet[];
}

/**
 * Route 53 for one account: hosted zones with their record sets, `ChangeResourceRecordSets` applied
 * atomically with the validation errors Route 53 answers (`InvalidChangeBatch`), changes that are
 * `PENDING` then `INSYNC`, and `ListResourceRecordSets` in Route 53's order with its paging. The record
 * history (`history`) keeps every state a record went through, so a test can show it was never empty nor
 * held two addresses.
 */
export class Route53Emulator {
  readonly calls: Route53Call[] = [];
  readonly faults = new Route53Faults();
  /** Every value set a record had, per `zoneId name type`, in order (seeded ones included). */
  readonly history = new Map<string, string[][]>();
  readonly now: () => number;
  private readonly inSyncAfterMs: number;
  private readonly accountOf: (accessKeyId: string) => string;
  private readonly zones = new Map<string, Zone>();
  private readonly changes = new Map<string, LabChangeInfo>();
  private nextChange = 1;

  constructor(options: Route53EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.inSyncAfterMs = options.inSyncAfterMs ?? 1500;
    this.accountOf = options.accountOf ?? (() => LAB_ACCOUNT);
  }

  /** Creates a hosted zone (not a wire action) and returns its id, e.g. `Z0LAB00000000001`. */
  createHostedZone(name: string, account = LAB_ACCOUNT): string {
    const id = `Z0LAB${String(this.zones.size + 1).padStart(11, '0')}`;
    this.zones.set(id, { id, name: fqdn(name), account, sets: [] });
    return id;
  }

  /** Puts a record set in place (not a wire action): the state before a drill or a test. */
  seed(zoneId: string, set: LabRecordSet): void {
    const zone = this.zone(zoneId);
    const normal = { ...set, name: fqdn(set.name) };
    zone.sets = [...zone.sets.filter((s) => !sameSet(s, normal)), normal];
    this.remember(zoneId, normal);
  }

  /** The record sets at `name` (every type), as they are now. */
  recordSets(zoneId: string, name: string): LabRecordSet[] {
    return this.zone(zoneId).sets.filter((s) => s.name === fqdn(name));
  }

  /** Answers one REST-XML request: the status and the XML body. Throws `Route53Error`. */
  async handle(request: {
    method: string;
    path: string;
    query: URLSearchParams;
    body: string;
    accessKeyId: string;
  }): Promise<string> {
    const { method, path, query, body } = request;
    const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(path);
    const zoneId = rrset?.[1];
    const zone = zoneId === undefined ? undefined : this.zones.get(zoneId);
    if (zone && zone.account !== this.accountOf(request.accessKeyId)) {
      // AWS says no more than this to another account's caller.
      throw new Route53Error('AccessDenied', [`User is not authorized to access this resource`], 403);
    }
    const change = /^\/2013-04-01\/change\/([^/]+)$/.exec(path);
    if (rrset && method === 'POST')
      return this.run('ChangeResourceRecordSets', () => this.changeRecordSets(rrset[1] ?? '', body));
    if (rrset && method === 'GET') {
      return this.run('ListResourceRecordSets', () => this.list(rrset[1] ?? '', query), {
        query: Object.fromEntries(query),
      });
    }
    if (change && method === 'GET') return this.run('GetChange', () => this.getChange(change[1] ?? ''));
    throw new Route53Error('UnknownOperationException', [`No operation for ${method} ${path}`], 404);
  }

  private async run(
    operation: Route53Call['operation'],
    act: () => string,
    extra: Partial<Route53Call> = {},
  ): Promise<string> {
    const call: Route53Call = { operation, at: this.now(), ...extra };
    this.calls.push(call);
    try {
      await this.faults.apply(operation);
      return act();
    } catch (error) {
      if (error instanceof Route53Error) call.errorCode = error.code;
      throw error;
    }
  }

  private zone(id: string): Zone {
    const zone = this.zones.get(id);
    if (!zone) throw new Route53Error('NoSuchHostedZone', [`No hosted zone found with ID: ${id}`], 404);
    return zone;
  }

  /**
   * Applies the batch to a copy of the zone, change after change, and keeps the copy only if every change
   * is valid: a batch is atomic (API reference: "either all the changes are made or none of them").
   */
  private changeRecordSets(zoneId: string, body: string): string {
    const zone = this.zone(zoneId);
    const batch = parseChangeBatch(body);
    (this.calls[this.calls.length - 1] as { changes?: LabChange[] }).changes = batch;
    if (batch.length === 0)
      throw new Route53Error('InvalidInput', ['The request must contain at least one change']);
    let sets = [...zone.sets];
    const problems: string[] = [];
    for (const { action, set: raw } of batch) {
      const set = { ...raw, name: fqdn(raw.name) };
      const label = `[name='${set.name}', type='${set.type}'${set.setIdentifier ? `, set-identifier='${set.setIdentifier}'` : ''}]`;
      const existing = sets.find((s) => sameSet(s, set));
      if (set.name !== zone.name && !set.name.endsWith(`.${zone.name}`)) {
        problems.push(`RRSet with DNS name ${set.name} is not permitted in zone ${zone.name}`);
        continue;
      }
      if (action === 'DELETE') {
        if (!existing) problems.push(`Tried to delete resource record set ${label} but it was not found`);
        else if (!sameContent(existing, set)) {
          problems.push(
            `Tried to delete resource record set ${label} but the values provided do not match the current values`,
          );
        } else sets = sets.filter((s) => s !== existing);
        continue;
      }
      if (action === 'CREATE' && existing) {
        problems.push(`Tried to create resource record set ${label} but it already exists`);
        continue;
      }
      const problem = this.contentProblem(set, sets, zone);
      if (problem) {
        problems.push(problem);
        continue;
      }
      sets = [...sets.filter((s) => !sameSet(s, set)), set];
    }
    if (problems.length > 0) throw new Route53Error('InvalidChangeBatch', problems);
    zone.sets = sets;
    for (const { set } of batch) this.remember(zoneId, { ...set, name: fqdn(set.name) });
    const info: LabChangeInfo = {
      id: `C${String(this.nextChange++).padStart(13, '0')}`,
      status: 'PENDING',
      submittedAt: this.now(),
      ...(batch.length > 0 && body.includes('<Comment>')
        ? { comment: /<Comment>([^<]*)<\/Comment>/.exec(body)?.[1] ?? '' }
        : {}),
    };
    this.changes.set(info.id, info);
    return document('ChangeResourceRecordSetsResponse', renderChangeInfo(info));
  }

  /** What Route 53 refuses in a CREATE or UPSERT, with its own words. */
  private contentProblem(set: LabRecordSet, sets: readonly LabRecordSet[], zone: Zone): string | undefined {
    const others = sets.filter((s) => s.name === set.name && s.type !== set.type);
    if (set.type === 'CNAME' && others.length > 0) {
      return `RRSet of type CNAME with DNS name ${set.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`;
    }
    if (others.some((s) => s.type === 'CNAME')) {
      return `RRSet of type ${set.type} with DNS name ${set.name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone.name}`;
    }
    // Unverified wording; the rule is Route 53's: simple and routed sets never share a name and type.
    const mixed = sets.find(
      (s) =>
        s.name === set.name &&
        s.type === set.type &&
        (s.setIdentifier === undefined) !== (set.setIdentifier === undefined),
    );
    if (mixed) {
      return `RRSet with DNS name ${set.name}, type ${set.type} cannot be created because a ${set.setIdentifier ? 'non-' : ''}routed set exists with the same name and type`;
    }
    if (set.aliasTarget === undefined && (set.ttl === undefined || set.values.length === 0)) {
      return `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Name=${set.name}, Type=${set.type}]`;
    }
    const bad = set.type === 'A' ? set.values.find((v) => !isIPv4(v)) : undefined;
    if (bad !== undefined) {
      return `Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${bad}''`;
    }
    return undefined;
  }

  private getChange(id: string): string {
    const info = this.changes.get(id);
    if (!info)
      throw new Route53Error('NoSuchChange', [`A change with the specified change ID does not exist.`], 404);
    const status = this.now() - info.submittedAt >= this.inSyncAfterMs ? 'INSYNC' : 'PENDING';
    return document('GetChangeResponse', renderChangeInfo({ ...info, status }));
  }

  /**
   * Route 53 lists by name with the labels read right to left (`com.example.www`), then by type, then by
   * set identifier; `name`/`type`/`identifier` say where to start and `maxitems` how many (default and
   * most: 300). A `type` without a `name` is refused, as Route 53 does.
   */
  private list(zoneId: string, query: URLSearchParams): string {
    const zone = this.zone(zoneId);
    const name = query.get('name');
    const type = query.get('type');
    const identifier = query.get('identifier');
    if (type !== null && name === null) {
      throw new Route53Error('InvalidInput', [
        'The input is not valid: StartRecordType requires StartRecordName',
      ]);
    }
    const maxItems = Math.min(Number(query.get('maxitems') ?? 300) || 300, 300);
    const sorted = [...zone.sets].sort(compareSets);
    const start =
      name === null
        ? 0
        : sorted.findIndex(
            (s) =>
              compareSets(s, {
                name: fqdn(name),
                type: type ?? '',
                values: [],
                ...(identifier ? { setIdentifier: identifier } : {}),
              }) >= 0,
          );
    const from = start < 0 ? sorted.length : start;
    const page = sorted.slice(from, from + maxItems);
    const next = sorted[from + maxItems];
    return document(
      'ListResourceRecordSetsResponse',
      `<ResourceRecordSets>${page.map(renderRecordSet).join('')}</ResourceRecordSets>` +
        xmlText('IsTruncated', next ? 'true' : 'false') +
        (next
          ? xmlText('NextRecordName', next.name) +
            xmlText('NextRecordType', next.type) +
            xmlText('NextRecordIdentifier', next.setIdentifier)
          : '') +
        xmlText('MaxItems', maxItems),
    );
  }

  private remember(zoneId: string, set: LabRecordSet): void {
    const key = `${zoneId} ${set.name} ${set.type}`;
    const values = this.zone(zoneId)
      .sets.filter((s) => s.name === set.name && s.type === set.type)
      .flatMap((s) => s.values);
    this.history.set(key, [...(this.history.get(key) ?? []), [...values].sort()]);
  }
}

/** Route 53's faults: `throttle` answers 400 `Throttling` "Rate exceeded" (API reference, Common Errors). */
export class Route53Faults extends FaultQueue<'throttle'> {
  async apply(operation: string): Promise<void> {
    if ((await this.take(operation)) === 'throttle') throw new Route53Error('Throttling', ['Rate exceeded']);
  }
}

const fqdn = (name: string): string => name.toLowerCase().replace(/\.?$/, '.');

const sameSet = (a: LabRecordSet, b: LabRecordSet): boolean =>
  a.name === b.name && a.type === b.type && a.setIdentifier === b.setIdentifier;

const sameContent = (a: LabRecordSet, b: LabRecordSet): boolean =>
  a.ttl === b.ttl &&
  [...a.values].sort().join(',') === [...b.values].sort().join(',') &&
  a.aliasTarget === b.aliasTarget;

const reversed = (name: string): string => name.replace(/\.$/, '').split('.').reverse().join('.');

function compareSets(a: LabRecordSet, b: LabRecordSet): number {
  return (
    reversed(a.name).localeCompare(reversed(b.name)) ||
    a.type.localeCompare(b.type) ||
    (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? '')
  );
}
