import type { DeployStep } from './apply';
import type { Fc3Api, Fc3FunctionInput } from './fc3-client';
import { SERVICE_NAME } from './names';
import type { DeployPlan } from './plan';
import { upsertResource } from './upsert';

/**
 * FC 3.0 has no services: each function is named for the project, `rds-failover-sync-reconcile` and
 * `rds-failover-sync-rds-event`, unique in the account and region.
 */
export function fc3FunctionName(functionName: string): string {
  return `${SERVICE_NAME}-${functionName}`;
}

/**
 * The deploy plan through the FC 3.0 API: each function carries what FC 2.0 puts on the service (role,
 * internet access, VPC, logstore), each trigger its configuration as a JSON string. Creates, or updates
 * when FC answers that the resource exists, as `applyDeployPlan` does for FC 2.0. The error codes
 * (`FunctionAlreadyExists`, `TriggerAlreadyExists`) are those of FC 2.0; that FC 3.0 keeps them is
 * unverified.
 */
export async function applyFc3DeployPlan(
  fc: Fc3Api,
  plan: DeployPlan,
  onStep: (step: DeployStep) => void = () => undefined,
): Promise<DeployStep[]> {
  const steps: DeployStep[] = [];
  const upsert = async (...args: Parameters<typeof upsertResource>) => {
    const step = await upsertResource(...args);
    steps.push(step);
    onStep(step);
  };

  const { service } = plan;
  for (const { functionName, ...options } of plan.functions) {
    const fields: Omit<Fc3FunctionInput, 'functionName'> = {
      ...options,
      role: service.role,
      internetAccess: service.internetAccess,
      ...(service.vpcConfig ? { vpcConfig: service.vpcConfig } : {}),
      ...(service.logConfig ? { logConfig: service.logConfig } : {}),
    };
    const name = fc3FunctionName(functionName);
    await upsert(
      `function ${name}`,
      'FunctionAlreadyExists',
      () => fc.createFunction({ functionName: name, ...fields }),
      () => fc.updateFunction(name, fields),
    );
  }
  for (const { functionName, trigger } of plan.triggers) {
    const name = fc3FunctionName(functionName);
    const triggerConfig = JSON.stringify(trigger.triggerConfig);
    await upsert(
      `trigger ${name}/${trigger.triggerName}`,
      'TriggerAlreadyExists',
      () =>
        fc.createTrigger(name, {
          triggerName: trigger.triggerName,
          triggerType: trigger.triggerType,
          description: trigger.description,
          triggerConfig,
        }),
      () => fc.updateTrigger(name, trigger.triggerName, { description: trigger.description, triggerConfig }),
    );
  }
  return steps;
}
