import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../shared/config/load';
import { readBindingsJson } from '../shared/config/to-json';
import { platformOf } from '../shared/core/config-types';
import type { Config } from '../shared/core/config-types';
import { applyDeployPlan } from './alicloud-deploy/apply';
import { DEPLOY_USAGE, parseDeployArgs } from './alicloud-deploy/args';
import { alicloudBundleChoices, bundleHandler, functionZip } from './alicloud-deploy/bundle';
import { ENV, readAlicloudSettings } from './alicloud-deploy/credentials';
import { MissingSettingsError, UsageError } from './alicloud-deploy/errors';
import { runScript } from './alicloud-deploy/run-script';
import { createFcClient } from './alicloud-deploy/fc-client';
import { functionEnvironment } from './alicloud-deploy/function-environment';
import { FunctionName } from './alicloud-deploy/names';
import { buildDeployPlan } from './alicloud-deploy/plan';
import { buildRamPolicy, DEPLOYER_LEASE_ACTIONS, leaseTableArn } from './alicloud-deploy/policy';
import type { LeaseTableResource } from './alicloud-deploy/policy';
import { createTablestoreClient } from '../shared/lease/tablestore-client';
import { tablestoreEndpoint } from '../shared/lease/tablestore-endpoint';
import { applyFc3DeployPlan } from './alicloud-deploy/apply-fc3';
import type { DeployStep } from './alicloud-deploy/apply';
import { createFc3Api } from './alicloud-deploy/fc3-client';
import type { PolicyOptions } from './alicloud-deploy/policy';
import { ensureLeaseTable } from './alicloud-deploy/lease-table';
import { FC_MAX_TIMEOUT_SECONDS, functionTimeouts } from './alicloud-deploy/timeouts';
import { deployAlarms } from './alicloud-deploy/alarms-step';

const SCRIPT = 'deploy-alicloud';
const ROOT = resolve(__dirname, '..');
/** Per Function Compute request: a code upload is a few megabytes of base64. */
const REQUEST_TIMEOUT_MS = 120_000;
/** Per Tablestore request: CreateTable and DescribeTable answer in well under a second. */
const TABLESTORE_SOCKET_TIMEOUT_MS = 15_000;
const LEASE_INSTANCE_REQUIRED =
  'is required: the Tablestore instance for the per-pool leases (create it in the Tablestore console first)';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options = parseDeployArgs(argv);
  if (options.help) {
    process.stdout.write(DEPLOY_USAGE);
    return 0;
  }
  if (options.printPolicy) {
    // The policy grants the lease table by name: without it the printed policy would be short of it.
    if (options.leaseInstance === undefined)
      throw new UsageError(`--lease-instance ${LEASE_INSTANCE_REQUIRED}`);
    const config = await loadConfig(options.bindings);
    const accountId = options.accountId ?? env[ENV.AccountId];
    const region = options.region ?? env[ENV.Region];
    printPolicy(config, accountId && /^\d+$/.test(accountId) ? accountId : '*', {
      fallbackCloudMonitor: options.alertCloudMonitorRegion !== undefined,
      region: region && /^[a-z]{2,}(-[a-z0-9]+)+$/.test(region) ? region : '*',
      ...(options.vpc ? { vpc: options.vpc } : {}),
      ...(options.log ? { log: options.log } : {}),
      lease: {
        region: region && /^[a-z]{2,}(-[a-z0-9]+)+$/.test(region) ? region : '*',
        instance: options.leaseInstance,
        table: options.leaseTable,
      },
    });
    return 0;
  }

  // Everything that can be missing is checked before anything is bundled or sent.
  const { settings, problems } = readAlicloudSettings(env, options);
  if (options.roleArn === undefined) {
    problems.push({
      name: '--role-arn',
      problem: 'is required: the RAM role the functions run as, acs:ram::<account>:role/<name>',
    });
  }
  if (options.leaseInstance === undefined) {
    problems.push({ name: '--lease-instance', problem: LEASE_INSTANCE_REQUIRED });
  }
  if (
    settings === undefined ||
    options.roleArn === undefined ||
    options.leaseInstance === undefined ||
    problems.length > 0
  ) {
    throw new MissingSettingsError(SCRIPT, problems);
  }
  // Validated once, then shipped as JSON: the functions parse no YAML.
  const { config, json } = await readBindingsJson(options.bindings);
  const entries = Object.values(FunctionName).map((name) =>
    resolve(ROOT, 'functions', 'alicloud', `${name}.ts`),
  );
  const absent = entries.filter((entry) => !existsSync(entry)).map((entry) => relative(ROOT, entry));
  if (absent.length > 0) throw new Error(`the Function Compute handlers are missing: ${absent.join(', ')}`);
  warnAbout(config);

  const timeouts = functionTimeouts(config);
  if (timeouts.wanted) {
    warn(
      `the bindings' waits want timeouts of ${timeouts.wanted.reconcileSeconds} s (reconcile) and ` +
        `${timeouts.wanted.rdsEventSeconds} s (rds-event); Function Compute gets at most ` +
        `${FC_MAX_TIMEOUT_SECONDS} s: a binding whose waits do not fit reports failed at the deadline`,
    );
  }
  const environment = functionEnvironment(
    config,
    {
      ...(options.alertCloudMonitorRegion ? { cloudMonitorRegion: options.alertCloudMonitorRegion } : {}),
      ...(options.alertWebhookKind ? { webhookKind: options.alertWebhookKind } : {}),
    },
    env,
  );
  if (environment.unset.length > 0) {
    warn(
      `${environment.unset.join(', ')} not set here: the bindings' env: references (webhooks, KMS login ` +
        'ciphertexts) read them in the functions, ' +
        'which refuse to start (alerting through the fallback sinks) until deployed with them set',
    );
  }
  if (!environment.fallbackCloudMonitorRegion && !env.ALERT_WEBHOOK_URL) {
    warn(
      'no --alert-cloudmonitor-region, no cloudMonitor alert in the bindings and no ALERT_WEBHOOK_URL: ' +
        'a function that cannot load its bindings alerts nobody',
    );
  }
  const bindingsFile = Buffer.from(json, 'utf8');
  const choices = alicloudBundleChoices(config);
  const [reconcile, rdsEvent] = await Promise.all(entries.map((entry) => bundleHandler(entry, choices)));
  const lease = { region: settings.region, instance: options.leaseInstance, table: options.leaseTable };
  const plan = buildDeployPlan(
    {
      ...options,
      roleArn: options.roleArn,
      environment: environment.variables,
      lease: {
        instance: lease.instance,
        table: lease.table,
        // The functions run in the cloud: never the deployer's ALICLOUD_ENDPOINT_OTS override.
        endpoint: tablestoreEndpoint(lease.instance, lease.region, {}),
      },
    },
    timeouts,
    {
      [FunctionName.Reconcile]: functionZip(reconcile as Buffer, bindingsFile),
      [FunctionName.RdsEvent]: functionZip(rdsEvent as Buffer, bindingsFile),
    },
  );
  console.log(
    `Deploying to ${settings.region} (account ${settings.accountId}, FC ${options.fcApi}): timeouts reconcile ` +
      `${timeouts.reconcileSeconds} s, rds-event ${timeouts.rdsEventSeconds} s, schedule ${options.schedule}`,
  );
  const leaseTables = createTablestoreClient(
    {
      endpoint: tablestoreEndpoint(lease.instance, lease.region, env),
      instance: lease.instance,
      accessKeyId: settings.accessKeyId,
      accessKeySecret: settings.accessKeySecret,
      ...(settings.securityToken ? { securityToken: settings.securityToken } : {}),
    },
    { socketTimeoutMs: TABLESTORE_SOCKET_TIMEOUT_MS },
  );
  const onStep = (step: DeployStep) => console.log(`  ${step.resource}: ${step.action}`);
  if (options.fcApi === '3.0') {
    // FC 3.0 has no service to hang the lease table on: it is made sure of first, as FC 2.0's plan does.
    onStep({
      resource: `table ${plan.leaseTable.instance}/${plan.leaseTable.table}`,
      action: await ensureLeaseTable(leaseTables, plan.leaseTable),
    });
    await applyFc3DeployPlan(createFc3Api(settings, REQUEST_TIMEOUT_MS), plan, onStep);
  } else {
    await applyDeployPlan({ fc: createFcClient(settings, REQUEST_TIMEOUT_MS), leaseTables }, plan, onStep);
  }
  console.log(`\nAttach this policy to ${options.roleArn}:`);
  printPolicy(config, settings.accountId, {
    region: settings.region,
    fallbackCloudMonitor: environment.fallbackCloudMonitorRegion !== undefined,
    ...(options.vpc ? { vpc: options.vpc } : {}),
    ...(options.log ? { log: options.log } : {}),
    lease,
  });
  warn(
    'the EventBridge trigger needs the service-linked role AliyunServiceRoleForEventBridgeSendToFC ' +
      '(created when EventBridge is activated); the policy above covers what the functions call and, ' +
      'with --vpc-id / --log-project, what Function Compute does with the role for the VPC and the logs',
  );
  if (!options.log) warn("no --log-project/--log-store: the functions' logs and reports are not kept");
  // Last: a missing contact group stops the script only after the functions and the policy are out.
  await deployAlarms(options, settings, env, console.log, warn);
  return 0;
}

function printPolicy(
  config: Config,
  accountId: string,
  options: PolicyOptions & { lease: LeaseTableResource },
): void {
  console.log(JSON.stringify(buildRamPolicy(config, accountId, options), null, 2));
  warn(
    'Resource "*" only where RAM has no resource-level permission: nlb:GetJobStatus, cms:PutCustomEvent' +
      (options.vpc ? ', the VPC and network-interface actions' : '') +
      (accountId === '*' ? '; the account is "*" (give --account-id to name it)' : '') +
      (options.lease.region === '*' ? '; the region is "*" (give --region to name it)' : ''),
  );
  warn(
    `the deploying key (not the function role) needs ${DEPLOYER_LEASE_ACTIONS.join(' and ')} on ` +
      `${leaseTableArn(options.lease, accountId)}; the instance itself is not created by the deploy`,
  );
}

function warnAbout(config: Config): void {
  const alicloud = config.bindings.filter((b) => b.pools.some((pool) => platformOf(pool) === 'alicloud'));
  if (alicloud.length === 0)
    warn('no binding has an Alibaba Cloud pool: the functions will have nothing to do');
  const silent = alicloud.filter((b) => b.alert.cloudMonitor === undefined && b.alert.webhooks.length === 0);
  if (silent.length > 0) {
    warn(
      `no cloudMonitor or webhook alert for ${silent.map((b) => b.name).join(', ')}: swaps and failures go unannounced`,
    );
  }
}

function warn(message: string): void {
  process.stderr.write(`${SCRIPT}: note: ${message}\n`);
}

runScript(SCRIPT, DEPLOY_USAGE, () => main(process.argv.slice(2), process.env));
