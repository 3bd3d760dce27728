import { FaultInjector } from './faults';
import { missingParameter, RpcError } from './rpc-protocol';
import type { EmulatorOptions, RpcCall, RpcService } from './types';

/** One endpoint of an instance, as `DBInstanceNetInfos.DBInstanceNetInfo[]` lists it. */
export interface RdsNetInfo {
  ConnectionString: string;
  IPAddress: string;
  IPType: 'Private' | 'Public' | 'Inner';
  /** A string on the wire, as RDS answers it, e.g. `'3306'`. */
  Port: string;
  ConnectionStringType: 'Normal' | 'ReadWriteSplitting';
  VPCId?: string;
  VSwitchId?: string;
}

/** DescribeDBInstanceNetInfo's response. */
export interface RdsNetInfoResponse {
  RequestId: string;
  DBInstanceNetInfos: { DBInstanceNetInfo: RdsNetInfo[] };
  InstanceNetworkType: 'VPC';
}

const ACTIONS = new Set(['DescribeDBInstanceNetInfo']);

/** An ApsaraDB RDS (API 2014-08-15) emulator answering where an instance's endpoints point now. */
export class RdsEmulator implements RpcService {
  readonly apiVersion = '2014-08-15';
  readonly product = 'Rds';
  readonly actions: ReadonlySet<string> = ACTIONS;
  readonly faults: FaultInjector;
  readonly calls: RpcCall[] = [];
  readonly now: () => number;
  private readonly netInfos = new Map<string, RdsNetInfo[]>();

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
  }

  /** Creates the instance or replaces its endpoints, e.g. to move its IP as a failover would. */
  setNetInfo(instanceId: string, netInfos: readonly RdsNetInfo[]): void {
    this.netInfos.set(
      instanceId,
      netInfos.map((info) => ({ ...info })),
    );
  }

  dispatch(action: string, params: URLSearchParams): object {
    if (action !== 'DescribeDBInstanceNetInfo') {
      throw new RpcError('InvalidAction.NotFound', `Specified api ${action} is not found.`, 404);
    }
    const instanceId = params.get('DBInstanceId');
    if (instanceId === null || instanceId === '') throw missingParameter('DBInstanceId');
    const netInfos = this.netInfos.get(instanceId);
    if (netInfos === undefined) {
      throw new RpcError('InvalidDBInstanceId.NotFound', 'The specified instance is not found.', 404);
    }
    return {
      DBInstanceNetInfos: { DBInstanceNetInfo: netInfos.map((info) => ({ ...info })) },
      InstanceNetworkType: 'VPC',
    };
  }
}
