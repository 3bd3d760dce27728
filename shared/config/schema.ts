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

const elbv2Pool = v.strictObject(
  {
    'aws-elbv2': v.strictObject({
      targetGroupArn: v.pipe(v.string(), v.regex(TARGET_GROUP_ARN, 'must be an ELBv2 target group ARN')),
      port: v.optional(port),
      availabilityZone: v.optional(v.pipe(v.string(), v.nonEmpty())),
    }),
  },
  'must be one pool kind: aws-elbv2',
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

const alert = v.strictObject({
  sns: v.optional(oneOrMany(v.pipe(v.string(), v.regex(SNS_TOPIC_ARN, 'must be an SNS topic ARN'))), []),
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
    }),
  ),
  pools: v.pipe(v.array(elbv2Pool, 'must be a list of pools'), v.minLength(1, 'must name at least one pool')),
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
