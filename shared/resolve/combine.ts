import { ResolutionFailure } from '../core/resolution';
import type { Resolution } from '../core/resolution';

/** What a resolution said, in a few words, for the verdict. */
function said(resolution: Resolution): string {
  return resolution.ok ? resolution.addresses.join(', ') || '(nothing)' : `${resolution.failure}`;
}

function sameAddresses(a: Resolution, b: Resolution): boolean {
  return a.ok && b.ok && a.addresses.join(',') === b.addresses.join(',');
}

/**
 * Combines DNS with an authoritative API answer (ApsaraDB `DescribeDBInstanceNetInfo`, or the writer of
 * an AWS RDS cluster from `DescribeDBClusters`). Agreement is
 * the common case. When they disagree, `prefer` wins, because DNS can lag a switch and the API can lag
 * DNS, and only the operator knows which lag they fear more. When one of them fails, the other's
 * answer is used: a throttled API must not block a failover that DNS already shows. Both failing is
 * a failure (and a refusal downstream).
 */
export function combineResolutions(
  dns: Resolution,
  api: Resolution,
  prefer: 'dns' | 'api',
  /** What the report calls the answer besides DNS. */
  apiName = 'the RDS API',
): Resolution {
  const base = { dns: said(dns), api: said(api) };
  if (sameAddresses(dns, api)) {
    return { ...dns, verdict: { ...base, winner: 'both', why: `DNS and ${apiName} agree` } };
  }
  if (dns.ok && api.ok) {
    const chosen = prefer === 'dns' ? dns : api;
    return {
      ...chosen,
      verdict: { ...base, winner: prefer, why: `DNS and ${apiName} disagree; policy prefers ${prefer}` },
    };
  }
  if (dns.ok) {
    // A cluster between two writers is no failure of the API: DNS's answer (usually still the old
    // writer) is used, and a settling trigger keeps asking until one of them moves.
    const why =
      !api.ok && api.failure === ResolutionFailure.NotSettled
        ? `${apiName} names no writer yet; DNS answered`
        : `${apiName} failed; DNS answered`;
    return { ...dns, verdict: { ...base, winner: 'dns', why } };
  }
  if (api.ok) return { ...api, verdict: { ...base, winner: 'api', why: `DNS failed; ${apiName} answered` } };
  const chosen = prefer === 'dns' ? dns : api;
  return {
    ...chosen,
    detail: `DNS: ${dns.detail}; ${apiName.replace(/^the /, '')}: ${api.detail}`,
    verdict: { ...base, winner: prefer, why: 'both failed' },
  };
}
