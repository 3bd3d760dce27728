// @ts-check
'use strict';

/**
 * Everything in serverless.yml that depends on the bindings file or on `--param`s, computed at package
 * time. For `${file(./bin/serverless-vars.cjs):key}` serverless v3 (osls) calls the exported function
 * `key` with `{ options, resolveVariable, resolveConfigurationProperty }` and uses what it resolves to;
 * a rejection fails `sls package` with the error's message.
 *
 * The bindings file is validated by the project's own `loadConfig` (TypeScript, loaded through tsx), so
 * a file the functions would refuse at run time is refused here first, with the same messages.
 */

const fs = require('node:fs');
const path = require('node:path');
const { require: tsRequire } = require('tsx/cjs/api');

/** @typedef {import('../shared/core/config-types').Config} Config */
/** @typedef {(variable: string) => Promise<unknown>} ResolveVariable */

/** @type {{ readBindingsJson: (path: string) => Promise<{ config: Config, json: string }> }} */
const { readBindingsJson } = tsRequire('../shared/config/to-json.ts', __filename);
/** @type {{ regionOfArn: (arn: string) => string }} */
const { regionOfArn } = tsRequire('../shared/core/arn.ts', __filename);
/** @type {{ SETTLE_EVENT_IDS: Record<string, string> }} */
const { SETTLE_EVENT_IDS } = tsRequire('../shared/events/rds-event-ids.ts', __filename);
/** @type {{ referencedVariables: (bindings: Config['bindings']) => string[] }} */
const { referencedVariables } = tsRequire('../shared/config/env-references.ts', __filename);
/** @type {{ FallbackAlertEnv: Record<'SnsTopicArn' | 'WebhookUrl' | 'WebhookKind', string> }} */
const { FallbackAlertEnv } = tsRequire('../shared/platform/fallback-alert.ts', __filename);
const { secretLoginStatements } = require('./serverless-secret-statements.cjs');

/** The service directory: serverless.yml sits one level above this file. */
const SERVICE_DIR = path.resolve(__dirname, '..');
/** Lambda's hard limit. */
const MAX_TIMEOUT_SECONDS = 900;
/** Head room over the longest wait a function may do, for DNS, API calls and the alert. */
const TIMEOUT_MARGIN_SECONDS = 30;
const DEFAULT_SCHEDULE = 'rate(1 minute)';
const RDS_DETAIL_TYPES = ['RDS DB Instance Event', 'RDS DB Cluster Event', 'RDS Blue Green Deployment Event'];
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const SUBNET_ID = /^subnet-[0-9a-f]+$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]+$/;
const WEBHOOK_KINDS = ['generic', 'dingtalk', 'slack'];
/**
 * Where packaging writes the validated bindings as JSON, relative to the service directory: the functions
 * read it (BINDINGS_FILE) and parse no YAML. A generated file, like `.serverless/`.
 */
const BINDINGS_JSON = '.bindings/bindings.json';
/** Logical id of the lease table serverless.yml defines. */
const LEASE_TABLE_ID = 'LeaseTable';

/** What a fresh clone has instead of bindings.yml. */
const EXAMPLE_BINDINGS = 'bindings.example.yml';

/**
 * `serverless invoke local` runs the handler on the developer's machine. On a fresh clone there is no
 * bindings.yml yet: that command alone falls back to the example file, so it works as the README writes
 * it. `package` and `deploy` never do: deploying the example's target groups would help nobody.
 * @param {readonly string[]} argv
 */
function isInvokeLocal(argv = process.argv) {
  const words = argv.slice(2);
  const invoke = words.indexOf('invoke');
  return invoke !== -1 && words[invoke + 1] === 'local';
}

/**
 * The bindings file, relative to the service directory with `/` separators (it is zipped at that path).
 * @param {NodeJS.ProcessEnv} env
 * @param {{ invokeLocal?: boolean, haveBindingsYml?: boolean }} [how] what the command line and the
 *   service directory say, unless given (tests)
 */
function bindingsFile(env = process.env, how = {}) {
  const invokeLocal = how.invokeLocal ?? isInvokeLocal();
  const haveBindingsYml = how.haveBindingsYml ?? fs.existsSync(path.join(SERVICE_DIR, 'bindings.yml'));
  const useExample = !env.BINDINGS_FILE && invokeLocal && !haveBindingsYml;
  if (useExample && !warnedExample) {
    warnedExample = true;
    console.warn(`serverless-vars: no bindings.yml: invoke local reads ${EXAMPLE_BINDINGS}`);
  }
  const absolute = path.resolve(
    SERVICE_DIR,
    env.BINDINGS_FILE || (useExample ? EXAMPLE_BINDINGS : 'bindings.yml'),
  );
  const relative = path.relative(SERVICE_DIR, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw configurationError(
      `BINDINGS_FILE=${env.BINDINGS_FILE}: the bindings file must be inside ${SERVICE_DIR} to be packaged`,
    );
  }
  return relative.split(path.sep).join('/');
}

let warnedExample = false;

/** @param {number[]} values */
const max = (values) => Math.max(0, ...values);

/** @param {Config} config */
function timeouts(config) {
  const policies = config.bindings.map((b) => b.policy);
  return {
    rdsEvent: Math.min(
      MAX_TIMEOUT_SECONDS,
      Math.ceil(max(policies.map((p) => p.settleSeconds + p.healthTimeoutSeconds))) + TIMEOUT_MARGIN_SECONDS,
    ),
    reconcile: Math.min(
      MAX_TIMEOUT_SECONDS,
      Math.ceil(max(policies.map((p) => p.healthTimeoutSeconds))) + TIMEOUT_MARGIN_SECONDS,
    ),
  };
}

/** @param {Iterable<string>} values */
const uniqueSorted = (values) => [...new Set(values)].sort();

/**
 * The functions' clients use the Lambda's own region: a target group or topic elsewhere would fail at
 * the first failover, so refuse it now.
 * @param {Config} config
 * @param {string} region
 */
function checkRegions(config, region) {
  const problems = config.bindings.flatMap((b) => [
    ...b.pools.flatMap((pool, i) =>
      // A hosted zone is global: only target groups have a region.
      pool.kind === 'aws-route53-record' || regionOfArn(pool.targetGroupArn) === region
        ? []
        : [`binding '${b.name}': pools[${i}].targetGroupArn: is in ${regionOfArn(pool.targetGroupArn)}`],
    ),
    ...b.alert.sns
      .filter((arn) => regionOfArn(arn) !== region)
      .map((arn) => `binding '${b.name}': alert.sns: ${arn} is in ${regionOfArn(arn)}`),
    ...[b.resolve?.awsRdsWriter?.clusterArn ?? '']
      .filter((arn) => arn !== '' && regionOfArn(arn) !== region)
      .map((arn) => `binding '${b.name}': resolve.awsRdsWriter.cluster: ${arn} is in ${regionOfArn(arn)}`),
  ]);
  if (problems.length > 0) {
    throw configurationError(
      `the stack deploys to ${region}, the functions can only reach that region:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/**
 * @param {Config} config
 * @param {string} [fallbackTopic] the topic a function that cannot load its bindings alerts into
 */
function iamStatements(config, fallbackTopic = '') {
  const pools = config.bindings.flatMap((b) => b.pools);
  // A pool in another account is managed with that account's role: this function only assumes it.
  const own = pools.filter((p) => !p.assumeRole);
  const targetGroups = uniqueSorted(own.flatMap((p) => (p.kind === 'aws-elbv2' ? [p.targetGroupArn] : [])));
  // A Route 53 record read as a source (`resolve.route53`) needs ListResourceRecordSets on its zone only.
  const sources = config.bindings.flatMap((b) => (b.resolve?.route53 ? [b.resolve.route53] : []));
  const roles = uniqueSorted(
    [...pools, ...sources].flatMap((p) => (p.assumeRole ? [p.assumeRole.roleArn] : [])),
  );
  const topics = uniqueSorted([
    ...config.bindings.flatMap((b) => b.alert.sns),
    ...(fallbackTopic ? [fallbackTopic] : []),
  ]);
  // Only the groups whose binding asks `onSwap.clientConnections: close` may have their attributes changed.
  const closing = uniqueSorted(
    config.bindings
      .filter((b) => b.onSwap?.clientConnections === 'close')
      .flatMap((b) =>
        b.pools.flatMap((p) => (p.kind === 'aws-elbv2' && !p.assumeRole ? [p.targetGroupArn] : [])),
      ),
  );
  return [
    ...(targetGroups.length > 0 ? elbv2Statements(targetGroups) : []),
    ...(closing.length > 0
      ? [{ Effect: 'Allow', Action: ['elasticloadbalancing:ModifyTargetGroupAttributes'], Resource: closing }]
      : []),
    ...route53Statements(
      own.filter((p) => p.kind === 'aws-route53-record'),
      sources.filter((source) => !source.assumeRole).map((source) => source.hostedZoneId),
    ),
    ...(roles.length > 0 ? [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: roles }] : []),
    ...(topics.length > 0 ? [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: topics }] : []),
    ...rdsWriterStatements(config),
    ...secretLoginStatements(config),
    // The lease store's consistent read and conditional write, on the stack's own lease table only.
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [{ 'Fn::GetAtt': [LEASE_TABLE_ID, 'Arn'] }],
    },
  ];
}

/**
 * The target groups' own statements.
 * @param {string[]} targetGroups
 */
function elbv2Statements(targetGroups) {
  return [
    // ELBv2 Describe* actions do not support resource-level permissions: `*` is the only valid resource.
    // DescribeTargetGroups: the health check's interval and threshold, read once, pace the health polls.
    // DescribeTargetGroupAttributes: the drain settings, read once per invocation for the report.
    {
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: targetGroups,
    },
  ];
}

/**
 * The writer lookup (`resolve.awsRdsWriter`): DescribeDBClusters on exactly the clusters named, and
 * DescribeDBInstances on the DB instances of the stack's account and region. Both take resource-level
 * permissions (Service Authorization Reference, Amazon RDS: `cluster*` and `db*`); the writer's instance
 * id is only known at run time, after a failover even a new one, so `db:*` is the narrowest that works.
 * @param {Config} config
 */
function rdsWriterStatements(config) {
  const lookups = config.bindings.flatMap((b) => (b.resolve?.awsRdsWriter ? [b.resolve.awsRdsWriter] : []));
  if (lookups.length === 0) return [];
  const inStack = (/** @type {string} */ resource) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:rds:\${AWS::Region}:\${AWS::AccountId}:${resource}`,
  });
  const clusters = uniqueSorted(lookups.map((l) => l.clusterArn ?? `cluster:${l.cluster}`)).map((arnOrId) =>
    arnOrId.startsWith('arn:') ? arnOrId : inStack(arnOrId),
  );
  return [
    { Effect: 'Allow', Action: ['rds:DescribeDBClusters'], Resource: clusters },
    { Effect: 'Allow', Action: ['rds:DescribeDBInstances'], Resource: [inStack('db:*')] },
  ];
}

/**
 * Route 53, as narrow as it allows (Route 53 Developer Guide, "Using IAM policy conditions for
 * fine-grained access control"; Service Authorization Reference, Amazon Route 53):
 * - ChangeResourceRecordSets on each hosted zone, for its records' names only, type A only, UPSERT only:
 *   the condition keys take names lower case and without the final dot;
 * - ListResourceRecordSets on those zones (it has no record-level condition);
 * - GetChange on `change/*`: a change id is not known in advance, and the action has no other resource.
 * @param {Array<{ hostedZoneId: string, recordName: string }>} records
 * @param {string[]} readZones zones whose records are only read (`resolve.route53`)
 */
function route53Statements(records, readZones) {
  const zones = uniqueSorted(records.map((r) => r.hostedZoneId));
  const listed = uniqueSorted([...zones, ...readZones]);
  const zoneArn = (/** @type {string} */ zone) => `arn:aws:route53:::hostedzone/${zone}`;
  if (listed.length === 0) return [];
  const list = { Effect: 'Allow', Action: ['route53:ListResourceRecordSets'], Resource: listed.map(zoneArn) };
  if (records.length === 0) return [list];
  return [
    ...zones.map((zone) => ({
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: zoneArn(zone),
      Condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': uniqueSorted(
            records.filter((r) => r.hostedZoneId === zone).map((r) => r.recordName.replace(/\.$/, '')),
          ),
          'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
          'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
        },
      },
    })),
    list,
    { Effect: 'Allow', Action: ['route53:GetChange'], Resource: 'arn:aws:route53:::change/*' },
  ];
}

const settleEventIds = () => Object.keys(SETTLE_EVENT_IDS).sort();

/**
 * rdsEvent's one trigger. RDS sends every event to the account's default EventBridge bus with no setup,
 * so that is the default. With an existing RDS event topic (`rdsEventTopicArn`), the function subscribes
 * to it instead, never both: the same failover through both would run the function twice and, but for
 * the lease, alert twice (invariant 6: one failover, one alert).
 * @param {string} topicArn empty for EventBridge
 */
function rdsEventEvents(topicArn) {
  const ids = settleEventIds();
  if (topicArn) {
    return [
      {
        sns: {
          arn: topicArn,
          // RDS notifications carry no message attributes: filter on the JSON body. `Event ID` is a URL
          // ending in the id (its host has changed over the years), hence `suffix`.
          filterPolicyScope: 'MessageBody',
          filterPolicy: { 'Event ID': ids.map((id) => ({ suffix: id })) },
        },
      },
    ];
  }
  return [
    {
      eventBridge: {
        pattern: {
          source: ['aws.rds'],
          'detail-type': RDS_DETAIL_TYPES,
          // Some real events carry no EventID: the failover category catches those.
          detail: { $or: [{ EventID: ids }, { EventCategories: ['failover'] }] },
        },
      },
    },
  ];
}

/**
 * The variables the functions read at run time besides the fixed ones: each `env:NAME` webhook of the
 * AWS bindings, and the fallback alert sinks (`FallbackAlertEnv`) a function that cannot load its bindings
 * alerts through. Values are copied from the deploying shell, where `check` told the user to set them; a
 * referenced variable that is not set there is left out with a warning, and the function refuses to start
 * naming it (alerting through the fallback sinks) until the stack is deployed with it.
 * @param {Config} config
 * @param {{ fallbackTopic: string, webhookKind: string }} fallback
 * @param {NodeJS.ProcessEnv} env the deploying shell's
 */
function functionEnvironment(config, fallback, env = process.env) {
  /** @type {Record<string, string>} */
  const variables = {};
  /** @type {string[]} */
  const unset = [];
  // The AWS bindings only: an Alibaba binding's variables (its webhooks, its KMS login ciphertext) are
  // the Function Compute deploy's to pass on, and the Lambda functions never read them.
  const onAws = config.bindings.filter((b) => b.pools.some((pool) => pool.kind.startsWith('aws-')));
  for (const name of referencedVariables(onAws)) {
    if (env[name]) variables[name] = env[name];
    else unset.push(name);
  }
  if (fallback.fallbackTopic) variables[FallbackAlertEnv.SnsTopicArn] = fallback.fallbackTopic;
  const webhook = env[FallbackAlertEnv.WebhookUrl];
  if (webhook) {
    variables[FallbackAlertEnv.WebhookUrl] = webhook;
    variables[FallbackAlertEnv.WebhookKind] = fallback.webhookKind || 'generic';
  }
  return { variables, unset };
}

/**
 * @param {string} subnets comma separated
 * @param {string} groups comma separated
 */
function vpcConfig(subnets, groups) {
  const split = (/** @type {string} */ value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const subnetIds = split(subnets);
  const securityGroupIds = split(groups);
  if (subnetIds.length === 0 && securityGroupIds.length === 0) return null;
  if (subnetIds.length === 0 || securityGroupIds.length === 0) {
    throw configurationError(
      'give both --param="subnetIds=subnet-a,subnet-b" and --param="securityGroupIds=sg-1", or neither',
    );
  }
  const bad = [
    ...subnetIds.filter((id) => !SUBNET_ID.test(id)),
    ...securityGroupIds.filter((id) => !SECURITY_GROUP_ID.test(id)),
  ];
  if (bad.length > 0) throw configurationError(`not a subnet or security group id: ${bad.join(', ')}`);
  return { subnetIds, securityGroupIds };
}

/**
 * An error for the framework to print: its message without a stack (the framework prints `error.stack`,
 * once for every property that needed the failing value).
 * @param {string} message
 * @param {string} [name]
 */
function configurationError(message, name = 'Error') {
  const error = new Error(message);
  error.name = name;
  error.stack = `${name}: ${message}`;
  return error;
}

/** @type {Promise<Config> | undefined} */
let configPromise;

/**
 * The bindings file, loaded and validated once however many properties need it, narrowed to what the
 * Lambda functions manage: bindings with an `aws-elbv2` pool, and those pools only. An Alibaba binding
 * in the same file gets no IAM permission, no event subscription and no say in the timeouts here.
 */
function config() {
  configPromise ??= readBindings().then(awsOnly, (/** @type {Error} */ error) => {
    throw configurationError(error.message, error.name);
  });
  return configPromise;
}

/**
 * Loads and validates the bindings file and writes it as JSON for the functions (`BINDINGS_JSON`): the
 * whole file, Alibaba bindings included, as the functions' own loader reads it back.
 * @returns {Promise<Config>}
 */
async function readBindings() {
  const { config: loaded, json } = await readBindingsJson(path.join(SERVICE_DIR, bindingsFile()));
  const target = path.join(SERVICE_DIR, BINDINGS_JSON);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await fs.promises.writeFile(target, json);
  return loaded;
}

/** @param {Config} loaded @returns {Config} */
function awsOnly(loaded) {
  const bindings = loaded.bindings.flatMap((b) => {
    const pools = b.pools.filter((p) => p.kind === 'aws-elbv2' || p.kind === 'aws-route53-record');
    return pools.length > 0 ? [{ ...b, pools }] : [];
  });
  if (bindings.length === 0) {
    throw configurationError(
      'no binding has an aws-elbv2 or aws-route53-record pool: there is nothing for the AWS functions to manage',
    );
  }
  return { ...loaded, bindings };
}

/**
 * A param, or '' when it is not given. `param:` only resolves once the framework is up: until then
 * `resolveVariable` rejects with a MISSING_VARIABLE_DEPENDENCY that must reach the framework untouched,
 * which asks again later.
 * @param {ResolveVariable} resolveVariable
 * @param {string} name
 */
async function param(resolveVariable, name) {
  const value = await resolveVariable(`param:${name}, ''`);
  return typeof value === 'string' ? value.trim() : String(value ?? '');
}

/** The bindings checked against the region the stack deploys to. @param {ResolveVariable} resolveVariable */
async function deployableConfig(resolveVariable) {
  const loaded = await config();
  checkRegions(loaded, String(await resolveVariable("self:provider.region, 'us-east-1'")));
  return loaded;
}

/** @param {ResolveVariable} resolveVariable */
async function rdsEventTopicArn(resolveVariable) {
  const arn = await param(resolveVariable, 'rdsEventTopicArn');
  if (arn && !SNS_TOPIC_ARN.test(arn))
    throw configurationError(`rdsEventTopicArn: not an SNS topic ARN: ${arn}`);
  return arn;
}

/**
 * Where a function that cannot load its bindings alerts: `--param="alertTopicArn=..."`, else the first of
 * the topics the AWS bindings alert into (the stack grants Publish on it either way).
 * @param {ResolveVariable} resolveVariable
 */
async function fallbackTopic(resolveVariable) {
  const arn = await param(resolveVariable, 'alertTopicArn');
  if (arn && !SNS_TOPIC_ARN.test(arn))
    throw configurationError(`alertTopicArn: not an SNS topic ARN: ${arn}`);
  if (arn) return arn;
  const loaded = await deployableConfig(resolveVariable);
  return uniqueSorted(loaded.bindings.flatMap((b) => b.alert.sns))[0] ?? '';
}

/** @param {ResolveVariable} resolveVariable */
async function webhookKind(resolveVariable) {
  const kind = await param(resolveVariable, 'alertWebhookKind');
  if (kind && !WEBHOOK_KINDS.includes(kind)) {
    throw configurationError(`alertWebhookKind: must be ${WEBHOOK_KINDS.join(', ')}: ${kind}`);
  }
  return kind;
}

let warnedNoVpc = false;
let warnedEnvironment = false;

/** @typedef {{ resolveVariable: ResolveVariable }} VariableApi */

/**
 * One function per property: serverless calls the one a `${file(./bin/serverless-vars.cjs):key}` names,
 * so a property only waits for (and fails on) what it needs.
 */
module.exports = {
  /** The bindings file's path relative to the service. */
  bindingsFile: async () => bindingsFile(),

  /**
   * The validated bindings as JSON, relative to the service, where the zip holds it: written before the
   * path is returned, so the package patterns find it.
   */
  bindingsJson: async () => {
    await config();
    return BINDINGS_JSON;
  },

  /** @param {VariableApi} api */
  rdsEventTimeout: async ({ resolveVariable }) => timeouts(await deployableConfig(resolveVariable)).rdsEvent,

  /** @param {VariableApi} api */
  reconcileTimeout: async ({ resolveVariable }) =>
    timeouts(await deployableConfig(resolveVariable)).reconcile,

  /** @param {VariableApi} api */
  iamStatements: async ({ resolveVariable }) =>
    iamStatements(await deployableConfig(resolveVariable), await fallbackTopic(resolveVariable)),

  /** Both functions' own variables: webhook URLs and fallback alert sinks. @param {VariableApi} api */
  functionEnvironment: async ({ resolveVariable }) => {
    const { variables, unset } = functionEnvironment(await deployableConfig(resolveVariable), {
      fallbackTopic: await fallbackTopic(resolveVariable),
      webhookKind: await webhookKind(resolveVariable),
    });
    if (!warnedEnvironment) {
      warnedEnvironment = true;
      if (unset.length > 0) {
        console.warn(
          `serverless-vars: ${unset.join(', ')} not set here: the bindings' env: webhooks read ${unset.length > 1 ? 'them' : 'it'} ` +
            'in the functions, which refuse to start until the stack is deployed with it set',
        );
      }
      if (!variables[FallbackAlertEnv.SnsTopicArn] && !variables[FallbackAlertEnv.WebhookUrl]) {
        console.warn(
          'serverless-vars: no alertTopicArn param, no alert topic in the bindings and no ALERT_WEBHOOK_URL: ' +
            'a function that cannot load its bindings alerts nobody',
        );
      }
    }
    return variables;
  },

  /** @param {VariableApi} api */
  rdsEventEvents: async ({ resolveVariable }) => rdsEventEvents(await rdsEventTopicArn(resolveVariable)),

  /** @param {VariableApi} api */
  schedule: async ({ resolveVariable }) => {
    const schedule = (await param(resolveVariable, 'schedule')) || DEFAULT_SCHEDULE;
    if (!/^(rate|cron)\(.+\)$/.test(schedule)) {
      throw configurationError(`schedule: must be rate(...) or cron(...): ${schedule}`);
    }
    return schedule;
  },

  /** `{ subnetIds, securityGroupIds }`, or null for no VPC. @param {VariableApi} api */
  vpc: async ({ resolveVariable }) => {
    const vpc = vpcConfig(
      await param(resolveVariable, 'subnetIds'),
      await param(resolveVariable, 'securityGroupIds'),
    );
    if (!vpc && !warnedNoVpc) {
      warnedNoVpc = true;
      console.warn(
        'serverless-vars: no --param subnetIds/securityGroupIds: the functions run outside any VPC and ' +
          'resolve database endpoints through public DNS. Give both params to place them in the database VPC.',
      );
    }
    return vpc;
  },

  /** Pure helpers, for unit tests; serverless.yml does not reference them. */
  helpers: {
    bindingsFile,
    timeouts,
    iamStatements,
    rdsEventEvents,
    functionEnvironment,
    vpcConfig,
    checkRegions,
  },
};
