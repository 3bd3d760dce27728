import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../shared/config/load';
import { readBindingsJson } from '../shared/config/to-json';
import { platformOf } from '../shared/core/binding';
import type { Config } from '../shared/core/binding';
import { applyDeployPlan } from './alicloud-deploy/apply';
import { DEPLOY_USAGE, parseDeployArgs } from './alicloud-deploy/args';
import { alicloudBundleChoices, bundleHandler, functionZip } from './alicloud-deploy/bundle';
import { ENV, readAlicloudSettings } from './alicloud-deploy/credentials';
import { MissingSettingsError } from './alicloud-deploy/errors';
import { runScript } from './alicloud-deploy/run-script';
import { createFcClient } from './alicloud-deploy/fc-client';
import { FunctionName } from './alicloud-deploy/names';
import { buildDeployPlan } from './alicloud-deploy/plan';
import { buildRamPolicy } from './alicloud-deploy/policy';
import { FC_MAX_TIMEOUT_SECONDS, functionTimeouts } from './alicloud-deploy/timeouts';

const SCRIPT = 'deploy-alicloud';
const ROOT = resolve(__dirname, '..');
/** Per Function Compute request: a code upload is a few megabytes of base64. */
const REQUEST_TIMEOUT_MS = 120_000;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options = parseDeployArgs(argv);
  if (options.help) {
    process.stdout.write(DEPLOY_USAGE);
    return 0;
  }
  if (options.printPolicy) {
    const config = await loadConfig(options.bindings);
    const accountId = options.accountId ?? env[ENV.AccountId];
    printPolicy(config, accountId && /^\d+$/.test(accountId) ? accountId : '*');
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
  if (settings === undefined || options.roleArn === undefined || problems.length > 0) {
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
  const bindingsFile = Buffer.from(json, 'utf8');
  const choices = alicloudBundleChoices(config);
  const [reconcile, rdsEvent] = await Promise.all(entries.map((entry) => bundleHandler(entry, choices)));
  const plan = buildDeployPlan({ ...options, roleArn: options.roleArn }, timeouts, {
    [FunctionName.Reconcile]: functionZip(reconcile as Buffer, bindingsFile),
    [FunctionName.RdsEvent]: functionZip(rdsEvent as Buffer, bindingsFile),
  });
  console.log(
    `Deploying to ${settings.region} (account ${settings.accountId}): timeouts reconcile ` +
      `${timeouts.reconcileSeconds} s, rds-event ${timeouts.rdsEventSeconds} s, schedule ${options.schedule}`,
  );
  await applyDeployPlan(createFcClient(settings, REQUEST_TIMEOUT_MS), plan, (step) =>
    console.log(`  ${step.resource}: ${step.action}`),
  );
  console.log(`\nAttach this policy to ${options.roleArn}:`);
  printPolicy(config, settings.accountId);
  warn(
    'the EventBridge trigger needs the service-linked role AliyunServiceRoleForEventBridgeSendToFC ' +
      '(created when EventBridge is activated); Function Compute also uses the function role to write ' +
      'logs and, in a VPC, to attach network interfaces: the policy above covers only what the functions call',
  );
  if (!options.log) warn("no --log-project/--log-store: the functions' logs and reports are not kept");
  return 0;
}

function printPolicy(config: Config, accountId: string): void {
  console.log(JSON.stringify(buildRamPolicy(config, accountId), null, 2));
  warn(
    'Resource "*" only where RAM has no resource-level permission: nlb:GetJobStatus, cms:PutCustomEvent' +
      (accountId === '*' ? '; the account is "*" (give --account-id to name it)' : ''),
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
