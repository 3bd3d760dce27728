import { getServers, Resolver } from 'node:dns/promises';
import type { RecordWithTtl } from 'node:dns';
import { ResolutionFailure } from '../core/resolution';
import type { Resolution, ResolvedAddresses } from '../core/resolution';

/** The part of node:dns's promise `Resolver` used here, so unit tests can pass a fake. */
export interface DnsQuerier {
  setServers(servers: string[]): void;
  resolveCname(name: string): Promise<string[]>;
  resolve4(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  /** Rejects every pending query with ECANCELLED. */
  cancel(): void;
}

export interface DnsResolverOptions {
  /** `ip` or `ip:port`, asked in order. Empty or absent: the system's servers (`dns.getServers()`). */
  readonly servers?: readonly string[];
  /** How long one query to one server may take. Default 2000. */
  readonly timeoutMs?: number;
  /** Builds the querier for one server. Default: a node:dns `Resolver`. */
  readonly createQuerier?: (options: { timeout: number; tries: number }) => DnsQuerier;
}

export interface DnsResolver {
  /** Resolves `host` to its IPv4 addresses, following CNAMEs. Never throws. */
  resolve(host: string): Promise<Resolution>;
}

/** What one server's error means: the outcome, and whether the next server may be asked. */
export interface DnsErrorMeaning {
  readonly failure: ResolutionFailure;
  readonly fallback: boolean;
}

/** CNAMEs followed before giving up; RDS chains are two or three hops. */
export const MAX_CNAME_HOPS = 8;

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * Maps a node:dns error to an outcome. NXDOMAIN and an empty answer are what the zone says, so another
 * server would say the same; timeouts, SERVFAIL and refusals are one server's trouble.
 */
export function classifyDnsError(error: unknown): DnsErrorMeaning {
  switch (codeOf(error)) {
    case 'ENOTFOUND':
      return { failure: ResolutionFailure.NxDomain, fallback: false };
    case 'ENODATA':
      return { failure: ResolutionFailure.Empty, fallback: false };
    case 'ESERVFAIL':
      return { failure: ResolutionFailure.ServFail, fallback: true };
    case 'ETIMEOUT':
      return { failure: ResolutionFailure.Timeout, fallback: true };
    // EREFUSED is the REFUSED rcode; ECONNREFUSED is c-ares failing to reach the server at all.
    case 'EREFUSED':
    case 'ECONNREFUSED':
      return { failure: ResolutionFailure.Refused, fallback: true };
    default:
      return { failure: ResolutionFailure.Error, fallback: false };
  }
}

/**
 * A resolver that asks DNS servers directly on every call, never the OS cache (`dns.lookup`), so a
 * failover shows up as soon as the servers publish it. Each server answers the whole chain: the CNAMEs
 * hop by hop, then the A records of the last name. The next server is asked only when one fails
 * (timeout, SERVFAIL, refused); NXDOMAIN and an empty answer are final.
 */
export function createDnsResolver(options: DnsResolverOptions = {}): DnsResolver {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const createQuerier = options.createQuerier ?? ((o) => new Resolver(o));
  const configured = options.servers ?? [];
  // One server per querier, so the fallback order is ours and not c-ares's (which reorders servers by
  // their health). A fresh one per call: c-ares has a query cache since 1.23; Node turns it off today,
  // a new channel keeps "never cached" true whatever c-ares Node bundles next.
  const querierFor = (server: string): DnsQuerier => {
    const querier = createQuerier({ timeout: timeoutMs, tries: 1 });
    querier.setServers([server]);
    return querier;
  };

  return {
    async resolve(host) {
      const servers = configured.length > 0 ? configured : getServers();
      const tried: string[] = [];
      let last: ServerFailure | undefined;
      for (const server of servers) {
        const outcome = await resolveWith(() => querierFor(server), host, server, timeoutMs);
        if (outcome.ok) return outcome;
        tried.push(outcome.clause);
        last = outcome;
        if (!outcome.fallback) break;
      }
      if (last === undefined) {
        return {
          ok: false,
          failure: ResolutionFailure.Error,
          detail: `Could not resolve ${host}: no DNS server configured.`,
        };
      }
      return { ok: false, failure: last.failure, detail: `Could not resolve ${host}: ${tried.join('; ')}.` };
    },
  };
}

interface ServerFailure {
  readonly ok: false;
  readonly failure: ResolutionFailure;
  readonly fallback: boolean;
  /** What this server did, as a clause naming it. */
  readonly clause: string;
}

async function resolveWith(
  connect: () => DnsQuerier,
  host: string,
  server: string,
  timeoutMs: number,
): Promise<ResolvedAddresses | ServerFailure> {
  const chain = [host];
  let name = host;
  const failed = (failure: ResolutionFailure, fallback: boolean, clause: string): ServerFailure => ({
    ok: false,
    failure,
    fallback,
    clause,
  });
  try {
    // Inside the try: an invalid server address makes setServers throw.
    const querier = connect();
    for (;;) {
      const target = await cnameOf(querier, name, timeoutMs);
      if (target === undefined) break;
      if (chain.some((seen) => sameName(seen, target))) {
        return failed(
          ResolutionFailure.Error,
          false,
          `CNAME loop ${[...chain, target].join(' -> ')} (from ${server})`,
        );
      }
      if (chain.length > MAX_CNAME_HOPS) {
        return failed(
          ResolutionFailure.Error,
          false,
          `more than ${MAX_CNAME_HOPS} CNAMEs after ${host} (from ${server})`,
        );
      }
      chain.push(target);
      name = target;
    }
    const records = await withDeadline(querier, timeoutMs, querier.resolve4(name, { ttl: true }));
    if (records.length === 0) {
      return failed(
        ResolutionFailure.Empty,
        false,
        `${subject(host, name)} has no A record (empty answer from ${server})`,
      );
    }
    return {
      ok: true,
      addresses: [...new Set(records.map((r) => r.address))].sort((a, b) => ipv4Order(a) - ipv4Order(b)),
      ttlSeconds: Math.min(...records.map((r) => r.ttl)),
      chain,
      server,
    };
  } catch (error) {
    const { failure, fallback } = classifyDnsError(error);
    return failed(failure, fallback, describe(failure, error, subject(host, name), server, timeoutMs));
  }
}

function describe(
  failure: ResolutionFailure,
  error: unknown,
  subject: string,
  server: string,
  timeoutMs: number,
): string {
  switch (failure) {
    case ResolutionFailure.NxDomain:
      return `${subject} does not exist (NXDOMAIN from ${server})`;
    case ResolutionFailure.Empty:
      return `${subject} has no A record (empty answer from ${server})`;
    case ResolutionFailure.ServFail:
      return `${server} answered SERVFAIL for ${subject}`;
    case ResolutionFailure.Timeout:
      return `${server} did not answer for ${subject} within ${timeoutMs} ms`;
    case ResolutionFailure.Refused:
      return codeOf(error) === 'EREFUSED'
        ? `${server} refused the query for ${subject}`
        : `${server} could not be reached (${codeOf(error)})`;
    // DNS never says "not settled"; only an API does. Listed so that the switch stays exhaustive.
    case ResolutionFailure.NotSettled:
    case ResolutionFailure.Error:
      return `${server} failed for ${subject}: ${messageOf(error)}`;
  }
}

/** The name being asked about, saying how it was reached when it is not the endpoint itself. */
const subject = (host: string, name: string): string =>
  name === host ? host : `${name} (CNAME target of ${host})`;

/**
 * The CNAME target of `name`, or `undefined` when it holds records itself. When a server answers the
 * CNAME question with A records, c-ares reports the question's own name as the target: not a loop.
 */
async function cnameOf(querier: DnsQuerier, name: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const [target] = await withDeadline(querier, timeoutMs, querier.resolveCname(name));
    return target === undefined || sameName(target, name) ? undefined : target;
  } catch (error) {
    if (codeOf(error) === 'ENODATA') return undefined;
    throw error;
  }
}

/**
 * Enforces the timeout ourselves. c-ares never waits less than 250 ms, and Node 20 checks c-ares's
 * timeouts on a timer that ticks every `timeout` ms, so a query that just missed a tick waits a whole
 * second period: measured, a 300 ms timeout gave up after 600 ms, a 1000 ms one after 2000 ms.
 */
async function withDeadline<T>(querier: DnsQuerier, timeoutMs: number, query: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      querier.cancel();
      reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEOUT' }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([query, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const sameName = (a: string, b: string): boolean =>
  a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');

const ipv4Order = (ip: string): number => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

// Structural checks, not `instanceof Error`: under Jest, node:dns rejects with errors from another realm.
const codeOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error);
