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
/** @type {{ SETTLE_EVENT_IDS: Record<string, string> }} */
const { SETTLE_EVENT_IDS } = tsRequire('../shared/events/rds-event-ids.ts', __filename);

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
/** Logical ids of the resources this file adds when the stack creates its own RDS event topic. */
const TOPIC_ID = 'RdsEventTopic';
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

/** `arn:aws:sns:us-east-1:...` -> `us-east-1`. */
const regionOf = (/** @type {string} */ arn) => arn.split(':')[3];

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
      pool.kind === 'aws-route53-record' || regionOf(pool.targetGroupArn) === region
        ? []
        : [`binding '${b.name}': pools[${i}].targetGroupArn: is in ${regionOf(pool.targetGroupArn)}`],
    ),
    ...b.alert.sns
      .filter((arn) => regionOf(arn) !== region)
      .map((arn) => `binding '${b.name}': alert.sns: ${arn} is in ${regionOf(arn)}`),
  ]);
  if (problems.length > 0) {
    throw configurationError(
      `the stack deploys to ${region}, the functions can only reach that region:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** @param {Config} config */
function iamStatements(config) {
  const pools = config.bindings.flatMap((b) => b.pools);
  // A pool in another account is managed with that account's role: this function only assumes it.
  const own = pools.filter((p) => !p.assumeRole);
  const targetGroups = uniqueSorted(own.flatMap((p) => (p.kind === 'aws-elbv2' ? [p.targetGroupArn] : [])));
  // A Route 53 record read as a source (`resolve.route53`) needs ListResourceRecordSets on its zone only.
  const sources = config.bindings.flatMap((b) => (b.resolve?.route53 ? [b.resolve.route53] : []));
  const roles = uniqueSorted(
    [...pools, ...sources].flatMap((p) => (p.assumeRole ? [p.assumeRole.roleArn] : [])),
  );
  const topics = uniqueSorted(config.bindings.flatMap((b) => b.alert.sns));
  return [
    // ELBv2 Describe* actions do not support resource-level permissions: `*` is the only valid resource.
    // DescribeTargetGroups: the health check's interval and threshold, read once, pace the health polls.
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:DescribeTargetGroups'],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: targetGroups,
    },
    ...route53Statements(
      own.filter((p) => p.kind === 'aws-route53-record'),
      sources.filter((source) => !source.assumeRole).map((source) => source.hostedZoneId),
    ),
    ...(roles.length > 0 ? [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: roles }] : []),
    ...(topics.length > 0 ? [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: topics }] : []),
    // The lease store's consistent read and conditional write, on the stack's own lease table only.
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [{ 'Fn::GetAtt': [LEASE_TABLE_ID, 'Arn'] }],
    },
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

/** Source ids per RDS event subscription source type, only the types some binding uses. */
function rdsSources(/** @type {Config} */ config) {
  return {
    'db-instance': uniqueSorted(config.bindings.flatMap((b) => b.sources.awsInstances)),
    'db-cluster': uniqueSorted(config.bindings.flatMap((b) => b.sources.awsClusters)),
  };
}

const settleEventIds = () => Object.keys(SETTLE_EVENT_IDS).sort();

/**
 * The stack's own RDS event topic: RDS may publish to it, and one event subscription per source type.
 * @param {Config} config
 */
function topicResources(config) {
  /** @type {Record<string, unknown>} */
  const resources = {
    [TOPIC_ID]: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'RDS events for rds-failover-sync' } },
    [`${TOPIC_ID}Policy`]: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: TOPIC_ID }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RdsEventNotifications',
              Effect: 'Allow',
              Principal: { Service: 'events.rds.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: TOPIC_ID },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: {
                  'aws:SourceArn': {
                    'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:es:*',
                  },
                },
              },
            },
          ],
        },
      },
    },
  };
  const logicalIds = {
    'db-instance': 'RdsInstanceEventSubscription',
    'db-cluster': 'RdsClusterEventSubscription',
  };
  for (const [sourceType, sourceIds] of Object.entries(rdsSources(config))) {
    if (sourceIds.length === 0) continue;
    resources[logicalIds[/** @type {keyof typeof logicalIds} */ (sourceType)]] = {
      Type: 'AWS::RDS::EventSubscription',
      // RDS checks it may publish when the subscription is created.
      DependsOn: [`${TOPIC_ID}Policy`],
      Properties: {
        Enabled: true,
        SnsTopicArn: { Ref: TOPIC_ID },
        SourceType: sourceType,
        SourceIds: sourceIds,
      },
    };
  }
  return resources;
}

/**
 * rdsEvent's triggers: RDS events through SNS (an existing topic, or the stack's own) and EventBridge.
 * @param {string} topicArn empty when the stack creates the topic
 */
function rdsEventEvents(topicArn) {
  const ids = settleEventIds();
  return [
    {
      sns: {
        ...(topicArn ? { arn: topicArn } : { arn: { Ref: TOPIC_ID }, topicName: 'rds-events' }),
        // RDS notifications carry no message attributes: filter on the JSON body. `Event ID` is a URL
        // ending in the id (its host has changed over the years), hence `suffix`.
        filterPolicyScope: 'MessageBody',
        filterPolicy: { 'Event ID': ids.map((id) => ({ suffix: id })) },
      },
    },
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

let warnedNoVpc = false;

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
  iamStatements: async ({ resolveVariable }) => iamStatements(await deployableConfig(resolveVariable)),

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

  /** The stack's own RDS event topic and subscriptions, or nothing with rdsEventTopicArn. @param {VariableApi} api */
  resources: async ({ resolveVariable }) => {
    const topicArn = await rdsEventTopicArn(resolveVariable);
    return topicArn ? {} : { Resources: topicResources(await deployableConfig(resolveVariable)) };
  },

  /** Pure helpers, for unit tests; serverless.yml does not reference them. */
  helpers: {
    bindingsFile,
    timeouts,
    iamStatements,
    rdsSources,
    topicResources,
    rdsEventEvents,
    vpcConfig,
    checkRegions,
  },
};
