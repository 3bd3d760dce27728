import type { FcClient } from './fc-client';
import { ensureLeaseTable } from './lease-table';
import type { LeaseTableClient } from './lease-table';
import { SERVICE_NAME } from './names';
import type { DeployPlan } from './plan';
import { upsertResource } from './upsert';

/** What a deploy did to one resource. */
export interface DeployStep {
  /** `table lab-leases/rds_failover_sync_leases`, `service rds-failover-sync`, `function reconcile`, ... */
  readonly resource: string;
  /** `verified`: the lease table existed with the right key, and was left as it was. */
  readonly action: 'created' | 'updated' | 'verified';
}

/** The clients a deploy acts through. */
export interface DeployClients {
  readonly fc: FcClient;
  readonly leaseTables: LeaseTableClient;
}

/**
 * Makes sure of the lease table (`ensureLeaseTable`), then creates each Function Compute resource of
 * the plan, or updates it when Function Compute answers that it exists (`ServiceAlreadyExists`,
 * `FunctionAlreadyExists`, `TriggerAlreadyExists`): one call when new, two when not, and no race between
 * a read and a create. Stops at the first other error, which it throws.
 */
export async function applyDeployPlan(
  { fc, leaseTables }: DeployClients,
  plan: DeployPlan,
  onStep: (step: DeployStep) => void = () => undefined,
): Promise<DeployStep[]> {
  const steps: DeployStep[] = [];
  const record = (step: DeployStep) => {
    steps.push(step);
    onStep(step);
  };
  record({
    resource: `table ${plan.leaseTable.instance}/${plan.leaseTable.table}`,
    action: await ensureLeaseTable(leaseTables, plan.leaseTable),
  });
  const upsert = async (...args: Parameters<typeof upsertResource>) => record(await upsertResource(...args));

  await upsert(
    `service ${SERVICE_NAME}`,
    'ServiceAlreadyExists',
    () => fc.createService(SERVICE_NAME, plan.service),
    () => fc.updateService(SERVICE_NAME, plan.service),
  );
  for (const options of plan.functions) {
    const { functionName, ...rest } = options;
    await upsert(
      `function ${functionName}`,
      'FunctionAlreadyExists',
      // fc2 rewrites the options object it is given: hand it copies.
      () => fc.createFunction(SERVICE_NAME, { ...options }),
      () => fc.updateFunction(SERVICE_NAME, functionName, { ...rest }),
    );
  }
  for (const { functionName, trigger } of plan.triggers) {
    await upsert(
      `trigger ${functionName}/${trigger.triggerName}`,
      'TriggerAlreadyExists',
      () => fc.createTrigger(SERVICE_NAME, functionName, { ...trigger }),
      () =>
        fc.updateTrigger(SERVICE_NAME, functionName, trigger.triggerName, {
          description: trigger.description,
          triggerConfig: trigger.triggerConfig,
        }),
    );
  }
  return steps;
}
