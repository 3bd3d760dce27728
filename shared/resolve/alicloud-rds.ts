import * as v from 'valibot';
import { AlicloudError } from '../alicloud/errors';
import type { AlicloudRpc } from '../alicloud/rpc';
import type { AlicloudRdsResolveConfig } from '../core/config-types';
import { ResolutionFailure } from '../core/resolution';
import type { Resolution } from '../core/resolution';

/** Names the answer's source in `Resolution.server`. */
export const RDS_API_SERVER = 'alicloud-rds-api';

/**
 * `DescribeDBInstanceNetInfo`, e.g. `{"RequestId":"..","InstanceNetworkType":"VPC","DBInstanceNetInfos":
 * {"DBInstanceNetInfo":[{"ConnectionString":"rm-bp1xxx.mysql.rds.aliyuncs.com","IPAddress":"172.16.0.12",
 * "IPType":"Private","Port":"3306","ConnectionStringType":"Normal","VPCId":"vpc-..","VSwitchId":"vsw-.."}]}}`.
 */
export const DBInstanceNetInfoResponse = v.object({
  DBInstanceNetInfos: v.object({
    DBInstanceNetInfo: v.array(
      v.object({
        ConnectionString: v.string(),
        IPAddress: v.optional(v.string(), ''),
        IPType: v.string(),
        ConnectionStringType: v.optional(v.string(), 'Normal'),
      }),
    ),
  }),
});
type NetInfo = v.InferOutput<
  typeof DBInstanceNetInfoResponse
>['DBInstanceNetInfos']['DBInstanceNetInfo'][number];

/** Private (VPC) first; Inner is the classic network's intranet address, older instances only. */
const PRIVATE_IP_TYPES = ['Private', 'Inner'] as const;

export interface RdsApiResolver {
  /** The instance's private address as the RDS API reports it. Never throws. */
  resolve(): Promise<Resolution>;
}

/**
 * An authoritative answer besides DNS: the primary connection string's private IP from the RDS API.
 * Read-write-splitting and public entries are ignored; the first `Normal` entry of type `Private`
 * (else `Inner`) with an address wins.
 */
export function createRdsApiResolver(rpc: AlicloudRpc, config: AlicloudRdsResolveConfig): RdsApiResolver {
  return {
    async resolve() {
      let entries: NetInfo[];
      try {
        const body = await rpc.call(
          'DescribeDBInstanceNetInfo',
          { DBInstanceId: config.instance },
          DBInstanceNetInfoResponse,
        );
        entries = body.DBInstanceNetInfos.DBInstanceNetInfo;
      } catch (error) {
        return { ok: false, failure: ResolutionFailure.Error, detail: failedDetail(config.instance, error) };
      }
      const entry = pickPrivateEntry(entries);
      if (entry === undefined) {
        return {
          ok: false,
          failure: ResolutionFailure.Empty,
          detail: `${config.instance} has no private connection string of type Normal with an address (DescribeDBInstanceNetInfo listed ${entries.length})`,
        };
      }
      return {
        ok: true,
        addresses: [entry.IPAddress],
        ttlSeconds: 0,
        chain: [entry.ConnectionString],
        server: RDS_API_SERVER,
      };
    },
  };
}

/** The entry the primary is reached at from inside the VPC, or `undefined`. */
export function pickPrivateEntry(entries: readonly NetInfo[]): NetInfo | undefined {
  const usable = entries.filter((e) => e.ConnectionStringType === 'Normal' && e.IPAddress !== '');
  for (const ipType of PRIVATE_IP_TYPES) {
    const found = usable.find((e) => e.IPType === ipType);
    if (found) return found;
  }
  return undefined;
}

function failedDetail(instance: string, error: unknown): string {
  const what = error instanceof AlicloudError ? `${error.code}: ${error.message}` : String(error);
  return `Could not ask the RDS API about ${instance}: ${what}`;
}
