/**
 * What resolving a database endpoint produced. Failures are typed, never thrown, so the plan can
 * refuse on them (invariant 1).
 */
export const ResolutionFailure = {
  /** The name does not exist (NXDOMAIN). Authoritative: other servers are not asked. */
  NxDomain: 'nxdomain',
  /** The server could not answer (SERVFAIL). */
  ServFail: 'servfail',
  /** No answer before the per-query timeout, on every server. */
  Timeout: 'timeout',
  /** The name exists but has no A record (NOERROR, empty answer). */
  Empty: 'empty',
  /** The server refused the query, or could not be reached. */
  Refused: 'refused',
  /** Anything else: malformed reply, CNAME loop, ... */
  Error: 'error',
  /**
   * An authoritative API says the answer is in transition: an RDS cluster mid-failover lists no writer.
   * Not an error of the API: asking again shortly is expected to succeed.
   */
  NotSettled: 'not-settled',
} as const;
export type ResolutionFailure = (typeof ResolutionFailure)[keyof typeof ResolutionFailure];

/**
 * When two resolvers were asked (DNS and an authoritative API), what each said and whose answer the
 * loop used: the report shows a disagreement instead of hiding it.
 */
export interface ResolutionVerdict {
  readonly dns: string;
  readonly api: string;
  readonly winner: 'dns' | 'api' | 'both';
  readonly why: string;
}

export interface ResolvedAddresses {
  readonly ok: true;
  /** IPv4 addresses, sorted, without duplicates. */
  readonly addresses: readonly string[];
  /** The smallest TTL among the A records, in seconds. */
  readonly ttlSeconds: number;
  /** The names followed, from the endpoint to the name that holds the A records. */
  readonly chain: readonly string[];
  /** The server that answered (`host:port` or `host`), or the name of the authoritative API. */
  readonly server: string;
  readonly verdict?: ResolutionVerdict;
}

export interface ResolutionFailed {
  readonly ok: false;
  readonly failure: ResolutionFailure;
  /** A sentence for the report: which name, which server, what went wrong. */
  readonly detail: string;
  readonly verdict?: ResolutionVerdict;
}

export type Resolution = ResolvedAddresses | ResolutionFailed;
