import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolveConfig } from '../core/config-types';
import { ResolutionFailure } from '../core/resolution';
import type { Resolution } from '../core/resolution';

/** CNAMEs followed within the zone before the answer counts as a loop (as `MAX_CNAME_HOPS` for DNS). */
const MAX_HOPS = 8;

/**
 * Reads the database's address from a Route 53 record through the API (`ListResourceRecordSets`): no
 * resolver cache, and it works from outside the VPC that the private zone serves. A CNAME is followed
 * while its target lies in the same zone; one that leaves the zone cannot be read here and is a
 * failure (DNS, asked beside it, can still answer). Never throws: every failure is a `Resolution`.
 */
export function createRoute53Resolver(
  client: Route53Client,
  config: Route53ResolveConfig,
  options: { readonly abortSignal?: AbortSignal } = {},
): { resolve(): Promise<Resolution> } {
  const server = `route53 ${config.hostedZoneId}`;
  const failed = (failure: ResolutionFailure, detail: string): Resolution => ({ ok: false, failure, detail });

  /** The A and CNAME sets at `name`: the first page from `name` holds them, Route 53 lists by name. */
  async function setsAt(name: string): Promise<ResourceRecordSet[]> {
    const page = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: config.hostedZoneId,
        StartRecordName: name,
        MaxItems: 20,
      }),
      options.abortSignal ? { abortSignal: options.abortSignal } : {},
    );
    return (page.ResourceRecordSets ?? []).filter(
      (s) => fqdn(s.Name ?? '') === name && (s.Type === 'A' || s.Type === 'CNAME'),
    );
  }

  return {
    async resolve() {
      const chain: string[] = [];
      let name = config.recordName;
      try {
        for (let hop = 0; hop <= MAX_HOPS; hop += 1) {
          chain.push(name);
          const sets = await setsAt(name);
          if (sets.some((s) => s.SetIdentifier !== undefined || s.AliasTarget)) {
            return failed(
              ResolutionFailure.Error,
              `${name} in ${server} is an alias or a routed record set: not read`,
            );
          }
          const a = sets.find((s) => s.Type === 'A');
          if (a) {
            const addresses = [
              ...new Set((a.ResourceRecords ?? []).flatMap((r) => (r.Value ? [r.Value] : []))),
            ].sort();
            if (addresses.length === 0)
              return failed(ResolutionFailure.Empty, `${name} in ${server} holds no address`);
            return { ok: true, addresses, ttlSeconds: a.TTL ?? 0, chain, server };
          }
          const target = sets.find((s) => s.Type === 'CNAME')?.ResourceRecords?.[0]?.Value;
          if (target === undefined)
            return failed(ResolutionFailure.NxDomain, `${name}: no A or CNAME record in ${server}`);
          name = fqdn(target);
        }
        return failed(
          ResolutionFailure.Error,
          `more than ${MAX_HOPS} CNAMEs from ${config.recordName} in ${server}`,
        );
      } catch (error) {
        // The SDK's name is the API's code (`NoSuchHostedZone`, `Throttling`, `AccessDenied`, ...).
        const code = error instanceof Error ? error.name : 'Unknown';
        return failed(ResolutionFailure.Error, `ListResourceRecordSets on ${server} failed: ${code}`);
      }
    },
  };
}

const fqdn = (name: string): string => name.toLowerCase().replace(/\.?$/, '.');
