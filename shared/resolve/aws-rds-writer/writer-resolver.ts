import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { AwsRdsWriterResolveConfig } from '../../core/config-types';
import { ResolutionFailure } from '../../core/resolution';
import type { Resolution } from '../../core/resolution';
import type { DnsResolver } from '../dns';
import { pickWriter } from './pick-writer';
import type { ClusterMember } from './pick-writer';

/** Names the answer's source in `Resolution.server`. */
export const RDS_WRITER_API_SERVER = 'aws-rds-api';

/** What one lookup may know besides the binding's configuration. */
export interface WriterLookup {
  /** The instance the failover event names as the new writer (`writerHintsOf`), if any. */
  readonly hint?: string;
  /** The invocation's deadline: abandons the RDS calls in flight. */
  readonly abortSignal?: AbortSignal;
}

export interface RdsWriterResolver {
  /** The writer instance's address, as the RDS API and that instance's own DNS name say. Never throws. */
  resolve(config: AwsRdsWriterResolveConfig, lookup?: WriterLookup): Promise<Resolution>;
}

/**
 * The writer of an Aurora cluster or a Multi-AZ DB cluster, from the RDS API rather than from the
 * cluster endpoint's CNAME, which RDS moves only after the failover (seconds later for Aurora, up to
 * minutes for the rest):
 *
 * 1. `DescribeDBClusters` lists the members; the one with `IsClusterWriter` is the writer. None (the old
 *    writer demoted, the new one not yet promoted) is `not-settled`: the settle loop asks again.
 * 2. That instance's endpoint address (`DescribeDBInstances` -> `Endpoint.Address`). It is fixed for the
 *    instance's life (it is made of the identifier), so it is asked once per instance and kept.
 * 3. The address is resolved through DNS like any endpoint. An instance endpoint is one A record that
 *    does not move when the writer role does: it answers at once, where the cluster CNAME lags.
 *
 * The event's hint saves a round trip, never decides: while step 1 runs, step 2 is already asked for
 * the instance the event names, so when the API confirms it only DNS is left. A hint the API does not
 * confirm (a late event, a failover that failed since) cost one call and changes nothing.
 */
export function createRdsWriterResolver(rds: RDSClient, dns: DnsResolver): RdsWriterResolver {
  // In flight or known; a failed or empty lookup is forgotten, so the next call asks again.
  const addresses = new Map<string, Promise<string | undefined>>();
  const addressOf = (instance: string, abortSignal: AbortSignal | undefined) => {
    const key = instance.toLowerCase();
    let address = addresses.get(key);
    if (address === undefined) {
      address = describeInstanceAddress(rds, instance, abortSignal);
      addresses.set(key, address);
      address.then(
        (found) => {
          if (found === undefined) addresses.delete(key);
        },
        () => addresses.delete(key),
      );
    }
    return address;
  };

  return {
    async resolve(config, lookup = {}) {
      const { hint, abortSignal } = lookup;
      // Started before the cluster is asked; awaited only if the API names the same instance.
      if (hint !== undefined) addressOf(hint, abortSignal).catch(() => undefined);

      let members: ClusterMember[];
      try {
        members = await describeMembers(rds, config.cluster, abortSignal);
      } catch (error) {
        return failed(
          ResolutionFailure.Error,
          `DescribeDBClusters ${config.cluster}: ${describeError(error)}`,
        );
      }
      const pick = pickWriter(members);
      if (pick.kind === 'no-writer') {
        return failed(
          ResolutionFailure.NotSettled,
          `${config.cluster} lists no writer among ${members.length} member(s): a failover is under way`,
        );
      }
      if (pick.kind === 'several-writers') {
        return failed(
          ResolutionFailure.NotSettled,
          `${config.cluster} lists ${pick.instances.length} writers (${pick.instances.join(', ')})`,
        );
      }
      const writer = pick.instance;
      let address: string | undefined;
      try {
        address = await addressOf(writer, abortSignal);
      } catch (error) {
        return failed(ResolutionFailure.Error, `DescribeDBInstances ${writer}: ${describeError(error)}`);
      }
      if (address === undefined) {
        return failed(
          ResolutionFailure.Empty,
          `the writer ${writer} of ${config.cluster} has no endpoint yet`,
        );
      }
      const answer = await dns.resolve(address);
      const source = `writer ${writer} of ${config.cluster}${hintNote(hint, writer)}`;
      if (!answer.ok) return { ...answer, detail: `${source}: ${answer.detail}` };
      return { ...answer, server: `${RDS_WRITER_API_SERVER} (${source}), DNS ${answer.server}` };
    },
  };
}

async function describeMembers(
  rds: RDSClient,
  cluster: string,
  abortSignal: AbortSignal | undefined,
): Promise<ClusterMember[]> {
  const output = await rds.send(
    new DescribeDBClustersCommand({ DBClusterIdentifier: cluster }),
    abortSignal ? { abortSignal } : {},
  );
  const found = output.DBClusters?.[0];
  if (found === undefined) throw new Error(`no cluster in the answer`);
  return (found.DBClusterMembers ?? []).flatMap((m) =>
    m.DBInstanceIdentifier
      ? [{ instance: m.DBInstanceIdentifier, isWriter: m.IsClusterWriter === true }]
      : [],
  );
}

async function describeInstanceAddress(
  rds: RDSClient,
  instance: string,
  abortSignal: AbortSignal | undefined,
): Promise<string | undefined> {
  const output = await rds.send(
    new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }),
    abortSignal ? { abortSignal } : {},
  );
  const address = output.DBInstances?.[0]?.Endpoint?.Address;
  return address === undefined || address === '' ? undefined : address;
}

function hintNote(hint: string | undefined, writer: string): string {
  if (hint === undefined) return '';
  return hint.toLowerCase() === writer.toLowerCase()
    ? ', as the event said'
    : `, not ${hint} as the event said`;
}

function failed(failure: ResolutionFailure, detail: string): Resolution {
  return { ok: false, failure, detail };
}

/** The SDK's error name and message; never the request, which carries the signature. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
