import { LeaseTablestoreEnv } from '../../shared/lease/tablestore-constants';
import type { DeployOptions } from './args';
import type { FunctionOptions, ServiceOptions } from './fc-client';
import type { LeaseTableSpec } from './lease-table';
import { BINDINGS_IN_ZIP, FunctionName } from './names';
import type { FunctionTimeouts } from './timeouts';
import { eventBridgeTrigger, timerTrigger } from './triggers';
import type { TriggerSpec } from './triggers';

/**
 * Everything a deploy creates or updates, in order: the lease table (first, so that no function runs
 * without it), the service, its functions, their triggers.
 */
export interface DeployPlan {
  readonly leaseTable: LeaseTableSpec;
  readonly service: ServiceOptions;
  readonly functions: readonly FunctionOptions[];
  readonly triggers: readonly { readonly functionName: string; readonly trigger: TriggerSpec }[];
}

/** As the AWS functions: small, the work is waiting on APIs and DNS. */
export const MEMORY_MB = 256;

/** The deploy, from the options, the computed timeouts and each function's zip. Pure. */
export function buildDeployPlan(
  options: Pick<DeployOptions, 'roleArn' | 'vpc' | 'log' | 'schedule'> & {
    readonly roleArn: string;
    readonly lease: LeaseTableSpec;
    /** `env:` webhook variables and fallback alert sinks (`functionEnvironment`). */
    readonly environment?: Readonly<Record<string, string>>;
  },
  timeouts: FunctionTimeouts,
  zips: Readonly<Record<FunctionName, Buffer>>,
): DeployPlan {
  const fn = (functionName: FunctionName, description: string, timeout: number): FunctionOptions => ({
    functionName,
    description,
    runtime: 'nodejs20',
    handler: 'index.handler',
    memorySize: MEMORY_MB,
    timeout,
    // Relative to the code directory, Function Compute's working directory.
    environmentVariables: {
      ...options.environment,
      BINDINGS_FILE: BINDINGS_IN_ZIP,
      [LeaseTablestoreEnv.Endpoint]: options.lease.endpoint,
      [LeaseTablestoreEnv.Instance]: options.lease.instance,
      [LeaseTablestoreEnv.Table]: options.lease.table,
    },
    code: { zipFile: zips[functionName].toString('base64') },
  });
  return {
    leaseTable: options.lease,
    service: {
      description:
        'rds-failover-sync: keeps load balancers pinned to ApsaraDB RDS instances across failovers',
      role: options.roleArn,
      // The APIs (NLB, SLB, RDS, CloudMonitor) and the lease table's endpoint are public endpoints; in
      // a VPC, reaching them also needs a NAT gateway or the services' VPC endpoints.
      internetAccess: true,
      ...(options.vpc
        ? {
            vpcConfig: {
              vpcId: options.vpc.vpcId,
              vSwitchIds: [...options.vpc.vSwitchIds],
              securityGroupId: options.vpc.securityGroupId,
            },
          }
        : {}),
      ...(options.log ? { logConfig: { project: options.log.project, logstore: options.log.logstore } } : {}),
    },
    functions: [
      fn(
        FunctionName.Reconcile,
        'Timer backstop reconciling every binding; also takes manual invokes.',
        timeouts.reconcileSeconds,
      ),
      fn(
        FunctionName.RdsEvent,
        'Reconciles the bindings an RDS event names, waiting for DNS to follow a failover.',
        timeouts.rdsEventSeconds,
      ),
    ],
    triggers: [
      { functionName: FunctionName.Reconcile, trigger: timerTrigger(options.schedule) },
      { functionName: FunctionName.RdsEvent, trigger: eventBridgeTrigger() },
    ],
  };
}
