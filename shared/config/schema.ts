import * as v from 'valibot';
import { DEFAULT_ALLOWED_CIDRS, parseCidr } from '../core/cidr';
import { BindingMode, OnHealthTimeout } from '../core/types';

const TARGET_GROUP_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const RDS_INSTANCE = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:)?[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const RDS_CLUSTER = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:)?[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const HOST_PORT =
  /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*:\d{1,5}$/;
const ALICLOUD_REGION = /^[a-z]{2}-[a-z0-9-]+$/;
const ALICLOUD_ID = (prefix: string) => new RegExp(`^${prefix}-[a-z0-9]+$`);
// The API reference's own example is `lsn-bp1bpn0kn908w4nbw****@80`: a listener id may end in `@port`.
const NLB_LISTENER = /^lsn-[a-z0-9]+(@\d{1,5})?$/;
const APSARADB_INSTANCE = /^[a-z]{2,4}-[a-z0-9]+$/;
const SERVER = /^\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?$/;

const port = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(1),
  v.maxValue(65535),
);
const seconds = (max: number) =>
  v.pipe(v.number('must be a number of seconds'), v.minValue(0), v.maxValue(max, `must be at most ${max}`));
const milliseconds = v.pipe(v.number('must be a number of milliseconds'), v.integer(), v.minValue(10));

/** One string or a list of them, always a list after parsing. */
const oneOrMany = (item: v.GenericSchema<string>) =>
  v.pipe(
    v.union([item, v.array(item)], 'must be a string or a list of strings'),
    v.transform((value): string[] => (Array.isArray(value) ? value : [value])),
  );

const cidr = v.pipe(
  v.string(),
  v.check((value) => parseCidr(value) !== undefined, 'must be an IPv4 CIDR block such as 10.0.0.0/16'),
);

const region = v.pipe(
  v.string('is required'),
  v.regex(ALICLOUD_REGION, 'must be an Alibaba Cloud region id such as cn-hangzhou'),
);
const idOf = (prefix: string, what: string) =>
  v.pipe(v.string('is required'), v.regex(ALICLOUD_ID(prefix), `must be ${what} id (${prefix}-...)`));

const elbv2Pool = v.strictObject({
  targetGroupArn: v.pipe(v.string(), v.regex(TARGET_GROUP_ARN, 'must be an ELBv2 target group ARN')),
  port: v.optional(port),
  availabilityZone: v.optional(v.pipe(v.string(), v.nonEmpty())),
});

const nlbPool = v.strictObject({
  region,
  serverGroupId: idOf('sgp', 'an NLB server group'),
  port: v.optional(port),
  listenerId: v.optional(v.pipe(v.string(), v.regex(NLB_LISTENER, 'must be an NLB listener id (lsn-...)'))),
});

const clbPool = v.strictObject({
  region,
  loadBalancerId: idOf('lb', 'a CLB instance'),
  vServerGroupId: idOf('rsp', 'a CLB VServer group'),
  listenerPort: port,
  port,
  relays: v.pipe(v.array(idOf('i', 'an ECS instance')), v.minLength(1, 'must name at least one relay')),
  activeRelays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
  weight: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 100),
});

/** `{ aws-elbv2: {...} }`, `{ alicloud-nlb: {...} }` or `{ alicloud-clb: {...} }`: exactly one key. */
const pool = v.pipe(
  v.strictObject({
    'aws-elbv2': v.optional(elbv2Pool),
    'alicloud-nlb': v.optional(nlbPool),
    'alicloud-clb': v.optional(clbPool),
  }),
  v.check(
    (value) => Object.keys(value).length === 1,
    'must name exactly one pool kind: aws-elbv2, alicloud-nlb or alicloud-clb',
  ),
);

const policy = v.strictObject({
  mode: v.optional(v.picklist(Object.values(BindingMode), 'must be apply or report-only'), BindingMode.Apply),
  settleSeconds: v.optional(seconds(600), 120),
  settlePollMs: v.optional(milliseconds, 1000),
  healthTimeoutSeconds: v.optional(seconds(840), 300),
  healthPollMs: v.optional(milliseconds, 5000),
  onHealthTimeout: v.optional(
    v.picklist(Object.values(OnHealthTimeout), 'must be keep-old or remove-old'),
    OnHealthTimeout.KeepOld,
  ),
});

const webhook = v.strictObject({
  kind: v.optional(
    v.picklist(['generic', 'dingtalk', 'slack'], 'must be generic, dingtalk or slack'),
    'generic',
  ),
  // Webhook URLs carry tokens: write `env:NAME` to keep them out of the file.
  url: v.pipe(
    v.string('is required'),
    v.regex(/^(https?:\/\/\S+|env:[A-Z_][A-Z0-9_]*)$/, 'must be an http(s) URL or env:VARIABLE_NAME'),
  ),
});

const alert = v.strictObject({
  sns: v.optional(oneOrMany(v.pipe(v.string(), v.regex(SNS_TOPIC_ARN, 'must be an SNS topic ARN'))), []),
  cloudMonitor: v.optional(v.strictObject({ region, groupId: v.optional(v.pipe(v.string(), v.nonEmpty())) })),
  webhook: v.optional(v.array(webhook, 'must be a list of webhooks'), []),
});

const binding = v.strictObject({
  name: v.pipe(
    v.string('is required'),
    v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes'),
  ),
  endpoint: v.pipe(v.string('is required'), v.regex(HOST_PORT, 'must be host:port')),
  source: v.optional(
    v.strictObject({
      aws: v.optional(
        v.strictObject({
          instance: v.optional(
            oneOrMany(v.pipe(v.string(), v.regex(RDS_INSTANCE, 'must be an RDS instance id or ARN'))),
          ),
          cluster: v.optional(
            oneOrMany(v.pipe(v.string(), v.regex(RDS_CLUSTER, 'must be an RDS cluster id or ARN'))),
          ),
        }),
      ),
      alicloud: v.optional(
        v.strictObject({
          instance: oneOrMany(
            v.pipe(v.string(), v.regex(APSARADB_INSTANCE, 'must be an ApsaraDB RDS instance id')),
          ),
        }),
      ),
    }),
  ),
  resolve: v.optional(
    v.strictObject({
      alicloudRds: v.optional(
        v.strictObject({
          region,
          instance: v.pipe(v.string(), v.regex(APSARADB_INSTANCE, 'must be an ApsaraDB RDS instance id')),
          prefer: v.optional(v.picklist(['dns', 'api'], 'must be dns or api'), 'api'),
        }),
      ),
    }),
  ),
  pools: v.pipe(v.array(pool, 'must be a list of pools'), v.minLength(1, 'must name at least one pool')),
  allowedCidrs: v.optional(v.pipe(v.array(cidr), v.minLength(1, 'must not be empty')), [
    ...DEFAULT_ALLOWED_CIDRS,
  ]),
  maxBackends: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)), 1),
  policy: v.optional(policy, {}),
  alert: v.optional(alert),
});

/** The bindings file as written: YAML or JSON. Defaults are filled in by the schema. */
export const ConfigFileSchema = v.strictObject({
  dns: v.optional(
    v.strictObject({
      servers: v.optional(
        v.array(v.pipe(v.string(), v.regex(SERVER, 'must be an IPv4 address, optionally :port'))),
        [],
      ),
      timeoutMs: v.optional(v.pipe(milliseconds, v.maxValue(30000)), 2000),
    }),
    {},
  ),
  alert: v.optional(alert),
  bindings: v.pipe(v.array(binding, 'must be a list'), v.minLength(1, 'must hold at least one binding')),
});

export type ConfigFile = v.InferOutput<typeof ConfigFileSchema>;
