import * as v from 'valibot';
import { DEFAULT_ALLOWED_CIDRS, parseCidr } from '../core/cidr';
import { ClientConnections, ProbeTls } from '../core/config-types';
import { ProbeProtocol } from '../core/probe-protocol';
import { BindingMode, OnHealthTimeout } from '../core/types';
import { ENV_REFERENCE, envVariableOf, isHttpUrl } from './webhook-url';
import { dnsServerProblem, echo, endpointProblem } from './network';

const TARGET_GROUP_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const RDS_INSTANCE = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:)?[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const RDS_CLUSTER = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:)?[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
const ALICLOUD_REGION = /^[a-z]{2}-[a-z0-9-]{1,40}$/;
const ALICLOUD_ID = (prefix: string) => new RegExp(`^${prefix}-[a-z0-9]{1,64}$`);
// The API reference's own example is `lsn-bp1bpn0kn908w4nbw****@80`: a listener id may end in `@port`.
const NLB_LISTENER = /^lsn-[a-z0-9]{1,64}(@\d{1,5})?$/;
const APSARADB_INSTANCE = /^[a-z]{2,4}-[a-z0-9]{1,64}$/;
// Narrower than this admits addresses no database of ours has, public ones included (`0.0.0.0/0`).
const WIDEST_CIDR_PREFIX = 8;

/**
 * A YAML mapping with exactly these keys. valibot's object schemas take any JS object, a list included,
 * and would then report every key as missing: a list where a mapping belongs is one problem, said once.
 */
const mapping = <const TEntries extends v.ObjectEntries>(entries: TEntries) =>
  v.pipe(
    v.unknown(),
    v.check((value) => !Array.isArray(value), 'expected a mapping, found a list'),
    v.strictObject(entries),
  );

/** A whole number in [min, max]; the message names the range and what was found. */
const integer = (min: number, max: number, unit = '') =>
  v.pipe(
    v.number(),
    v.check(
      (n) => Number.isInteger(n) && n >= min && n <= max,
      (issue) => `must be a whole number from ${min} to ${max}${unit}; found ${String(issue.input)}`,
    ),
  );
const port = integer(1, 65535);
const seconds = (max: number) =>
  v.pipe(
    v.number(),
    v.check(
      (n) => n >= 0 && n <= max,
      (issue) => `must be from 0 to ${max} seconds; found ${String(issue.input)}`,
    ),
  );
const milliseconds = (min: number, max: number) => integer(min, max, ' milliseconds');

const text = (pattern: RegExp, message: string) =>
  v.pipe(
    v.string(),
    v.check(
      (value) => pattern.test(value),
      (issue) => `${message}; found ${echo(String(issue.input))}`,
    ),
  );

/** One string or a list of them, always a list after parsing. */
const oneOrMany = (item: v.GenericSchema<string>) =>
  v.pipe(
    v.union([item, v.array(item)], 'must be a string or a list of strings'),
    v.transform((value): string[] => (Array.isArray(value) ? value : [value])),
  );

const cidr = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const parsed = parseCidr(dataset.value);
    if (!parsed)
      addIssue({ message: `must be an IPv4 CIDR block such as 10.0.0.0/16; found ${echo(dataset.value)}` });
    else if (parsed.prefix < WIDEST_CIDR_PREFIX)
      addIssue({
        message: `${dataset.value} admits ${parsed.prefix === 0 ? 'every address' : 'far more than a database subnet'}, public ones included: name the database's subnets (at most /${WIDEST_CIDR_PREFIX} wide)`,
      });
  }),
);

const region = text(ALICLOUD_REGION, 'must be an Alibaba Cloud region id such as cn-hangzhou');
const idOf = (prefix: string, what: string) =>
  text(ALICLOUD_ID(prefix), `must be ${what} id (${prefix}-...)`);

// IAM's own patterns: role paths and names of [\w+=,.@-], an external id of 2 to 1224 [\w+=,.@:/-].
const roleArn = v.optional(
  text(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN'),
);
const externalId = v.optional(
  text(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2 to 1224 letters, digits or +=,.@:/- (STS ExternalId)'),
);

/** An external id belongs to a role: alone it would be silently ignored. */
const EXTERNAL_ID_WITHOUT_ROLE = 'is set without roleArn: name the role it is for';
const hasRoleForExternalId = ({ roleArn, externalId }: { roleArn?: string; externalId?: string }) =>
  externalId === undefined || roleArn !== undefined;

const elbv2Pool = v.pipe(
  mapping({
    targetGroupArn: text(TARGET_GROUP_ARN, 'must be an ELBv2 target group ARN'),
    port: v.optional(port),
    availabilityZone: v.optional(text(/^[a-z0-9-]{1,64}$/, 'must be an availability zone name or all')),
    roleArn,
    externalId,
  }),
  v.forward(v.partialCheck([['roleArn'], ['externalId']], hasRoleForExternalId, EXTERNAL_ID_WITHOUT_ROLE), [
    'externalId',
  ]),
);

const HOSTED_ZONE_ID = text(/^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id (Z...)');
const RECORD_NAME = text(
  /^(?=.{1,253}\.?$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\.)+[a-zA-Z]{2,63}\.?$/,
  'must be a fully qualified DNS name such as orders.db.internal',
);

/** Routing that one UPSERT of a simple record cannot keep: refused by name, not as an unknown key. */
const routed = v.optional(
  v.never(
    'weighted, failover and other routed record sets are not supported: the pool keeps one simple A record, swapped whole by one UPSERT',
  ),
);

const route53RecordPool = v.pipe(
  mapping({
    hostedZoneId: HOSTED_ZONE_ID,
    recordName: RECORD_NAME,
    ttlSeconds: v.optional(integer(0, 2_147_483_647, ' seconds'), 5),
    onForeignRecord: v.optional(v.picklist(['report', 'overwrite'], 'must be report or overwrite'), 'report'),
    roleArn,
    externalId,
    setIdentifier: routed,
    weight: routed,
    failover: routed,
  }),
  v.forward(v.partialCheck([['roleArn'], ['externalId']], hasRoleForExternalId, EXTERNAL_ID_WITHOUT_ROLE), [
    'externalId',
  ]),
);

const nlbPool = mapping({
  region,
  serverGroupId: idOf('sgp', 'an NLB server group'),
  port: v.optional(port),
  listenerId: v.optional(text(NLB_LISTENER, 'must be an NLB listener id (lsn-...)')),
});

const clbPool = v.pipe(
  mapping({
    region,
    loadBalancerId: idOf('lb', 'a CLB instance'),
    vServerGroupId: idOf('rsp', 'a CLB VServer group'),
    listenerPort: port,
    port,
    relays: v.pipe(
      v.array(idOf('i', 'an ECS instance')),
      v.minLength(1, 'must name at least one relay'),
      // One ECS instance twice is one relay counted twice: `activeRelays: 2` would then be one machine.
      v.check(
        (relays) => new Set(relays).size === relays.length,
        (issue) => `lists ${echo(firstRepeat(issue.input as string[]) ?? '')} more than once`,
      ),
    ),
    activeRelays: v.optional(integer(1, 100), 1),
    weight: v.optional(integer(1, 100), 100),
  }),
  v.forward(
    v.partialCheck(
      [['relays'], ['activeRelays']],
      ({ relays, activeRelays }) => activeRelays <= relays.length,
      (issue) => {
        const { relays, activeRelays } = issue.input as { relays: unknown[]; activeRelays: number };
        return `is ${activeRelays}, but only ${relays.length} relay(s) are listed`;
      },
    ),
    ['activeRelays'],
  ),
);

/** `{ aws-elbv2: {...} }`, `{ aws-route53-record: {...} }`, `{ alicloud-nlb: {...} }`, ...: exactly one key. */
const pool = v.pipe(
  mapping({
    'aws-elbv2': v.optional(elbv2Pool),
    'aws-route53-record': v.optional(route53RecordPool),
    'alicloud-nlb': v.optional(nlbPool),
    'alicloud-clb': v.optional(clbPool),
  }),
  v.check(
    (value) => Object.keys(value).length === 1,
    'must name exactly one pool kind: aws-elbv2, aws-route53-record, alicloud-nlb or alicloud-clb',
  ),
);

// Bounds: a poll faster than 10 ms is a busy loop, one slower than a minute misses the whole window
// of a Lambda; the settle and health waits must fit in a 15-minute invocation together.
const policy = mapping({
  mode: v.optional(v.picklist(Object.values(BindingMode), 'must be apply or report-only'), BindingMode.Apply),
  settleSeconds: v.optional(seconds(600), 120),
  settlePollMs: v.optional(milliseconds(10, 60_000), 1000),
  healthTimeoutSeconds: v.optional(seconds(840), 300),
  healthPollMs: v.optional(milliseconds(10, 60_000), 5000),
  onHealthTimeout: v.optional(
    v.picklist(Object.values(OnHealthTimeout), 'must be keep-old or remove-old'),
    OnHealthTimeout.KeepOld,
  ),
});

// ELBv2's range for `deregistration_delay.timeout_seconds` (API reference, TargetGroupAttribute); NLB's
// narrower 10-900 is checked per pool kind in on-swap.ts.
const onSwap = mapping({
  clientConnections: v.optional(
    v.picklist(Object.values(ClientConnections), 'must be leave or close'),
    ClientConnections.Leave,
  ),
  deregistrationDelaySeconds: v.optional(integer(0, 3600, ' seconds'), 30),
});

/**
 * A webhook URL, or `env:NAME` to keep its token out of the file. Only the reference's shape is checked
 * here: the file is checked and packaged where the variable need not be set (a CI job, a laptop), and
 * the function that sends the alert resolves it in its own environment (`envReferenceProblems`). The
 * message never echoes a URL: it carries the robot's token.
 */
const webhookUrl = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    if (dataset.value.startsWith('env:')) {
      if (envVariableOf(dataset.value) === undefined) {
        addIssue({ message: 'env: must be followed by an environment variable name (A-Z, 0-9, _)' });
      }
    } else if (!isHttpUrl(dataset.value)) {
      addIssue({ message: 'must be an http(s) URL or env:VARIABLE_NAME' });
    }
  }),
);

const webhook = mapping({
  kind: v.optional(
    v.picklist(['generic', 'dingtalk', 'slack'], 'must be generic, dingtalk or slack'),
    'generic',
  ),
  url: webhookUrl,
});

const alert = mapping({
  sns: v.optional(oneOrMany(text(SNS_TOPIC_ARN, 'must be an SNS topic ARN')), []),
  cloudMonitor: v.optional(
    mapping({
      region,
      groupId: v.optional(text(/^[A-Za-z0-9_-]{1,64}$/, 'must be a CloudMonitor application group id')),
    }),
  ),
  webhook: v.optional(v.array(webhook), []),
});

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-)?[a-f0-9-]{32,36}$/;
// Alibaba KMS key ids are `key-` ids or UUIDs (KMS API reference, DescribeKey: KeyId).
const ALICLOUD_KMS_KEY_ID =
  /^(key-[a-z0-9]{1,64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Where the writability check logs in from: `secretArn` (AWS Secrets Manager) or `kmsCiphertext`
 * (`env:NAME`, a variable holding an Alibaba KMS ciphertext), never a password in the file.
 */
const probeLogin = v.pipe(
  mapping({
    secretArn: v.optional(text(SECRET_ARN, 'must be a Secrets Manager secret ARN')),
    kmsKeyArn: v.optional(text(KMS_KEY_ARN, 'must be a KMS key ARN')),
    kmsCiphertext: v.optional(
      text(ENV_REFERENCE, 'must be env:NAME, the function variable that holds the KMS ciphertext'),
    ),
    region: v.optional(region),
    keyId: v.optional(text(ALICLOUD_KMS_KEY_ID, 'must be an Alibaba KMS key id (key-... or a UUID)')),
  }),
  v.check(
    (login) => (login.secretArn === undefined) !== (login.kmsCiphertext === undefined),
    'must name exactly one of secretArn (AWS Secrets Manager) and kmsCiphertext (Alibaba KMS)',
  ),
  v.check(
    (login) => login.secretArn !== undefined || login.kmsKeyArn === undefined,
    'kmsKeyArn goes with secretArn: it names the key that encrypts the secret',
  ),
  v.check(
    (login) =>
      login.kmsCiphertext !== undefined
        ? login.region !== undefined && login.keyId !== undefined
        : login.region === undefined && login.keyId === undefined,
    'kmsCiphertext needs region and keyId (the KMS key that encrypted it), and only it takes them',
  ),
);

/** `probe: mysql` is short for `probe: { protocol: mysql }`; the timeout defaults to 3 seconds. */
const probe = v.pipe(
  v.unknown(),
  v.transform((value) => (typeof value === 'string' ? { protocol: value } : value)),
  mapping({
    protocol: v.picklist(Object.values(ProbeProtocol), 'must be tcp, mysql or postgres'),
    timeoutMs: v.optional(milliseconds(100, 30_000), 3000),
    writable: v.optional(
      mapping({
        login: probeLogin,
        tls: v.optional(v.picklist(Object.values(ProbeTls), 'must be require or disable'), ProbeTls.Require),
        database: v.optional(text(/^[A-Za-z0-9_$-]{1,63}$/, 'must be a database name')),
      }),
    ),
  }),
  v.forward(
    v.partialCheck(
      [['protocol'], ['writable']],
      ({ protocol, writable }) => writable === undefined || protocol !== ProbeProtocol.Tcp,
      'needs protocol mysql or postgres: a TCP probe cannot log in',
    ),
    ['writable'],
  ),
);

const binding = mapping({
  name: text(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, at most 63'),
  endpoint: v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? endpointProblem(dataset.value) : undefined;
      if (problem) addIssue({ message: problem });
    }),
  ),
  source: v.optional(
    mapping({
      aws: v.optional(
        mapping({
          instance: v.optional(oneOrMany(text(RDS_INSTANCE, 'must be an RDS instance id or ARN'))),
          cluster: v.optional(oneOrMany(text(RDS_CLUSTER, 'must be an RDS cluster id or ARN'))),
        }),
      ),
      alicloud: v.optional(
        mapping({
          instance: oneOrMany(text(APSARADB_INSTANCE, 'must be an ApsaraDB RDS instance id')),
        }),
      ),
    }),
  ),
  resolve: v.optional(
    mapping({
      alicloudRds: v.optional(
        mapping({
          region,
          instance: text(APSARADB_INSTANCE, 'must be an ApsaraDB RDS instance id'),
          prefer: v.optional(v.picklist(['dns', 'api'], 'must be dns or api'), 'api'),
        }),
      ),
      awsRdsWriter: v.optional(
        mapping({
          cluster: text(RDS_CLUSTER, 'must be an Aurora or Multi-AZ DB cluster id or ARN'),
          prefer: v.optional(v.picklist(['dns', 'api'], 'must be dns or api'), 'api'),
        }),
      ),
      route53: v.optional(
        v.pipe(
          mapping({
            hostedZoneId: HOSTED_ZONE_ID,
            recordName: RECORD_NAME,
            prefer: v.optional(v.picklist(['dns', 'api'], 'must be dns or api'), 'api'),
            roleArn,
            externalId,
          }),
          v.forward(
            v.partialCheck([['roleArn'], ['externalId']], hasRoleForExternalId, EXTERNAL_ID_WITHOUT_ROLE),
            ['externalId'],
          ),
        ),
      ),
    }),
  ),
  pools: v.pipe(v.array(pool), v.minLength(1, 'must name at least one pool')),
  allowedCidrs: v.optional(v.pipe(v.array(cidr), v.minLength(1, 'must not be empty')), [
    ...DEFAULT_ALLOWED_CIDRS,
  ]),
  maxBackends: v.optional(integer(1, 1000), 1),
  policy: v.optional(policy, {}),
  onSwap: v.optional(onSwap),
  alert: v.optional(alert),
  probe: v.optional(probe),
});

/** The bindings file as written: YAML or JSON. Defaults are filled in by the schema. */
export const configFileSchema = mapping({
  dns: v.optional(
    mapping({
      servers: v.optional(
        v.array(
          v.pipe(
            v.string(),
            v.rawCheck(({ dataset, addIssue }) => {
              const problem = dataset.typed ? dnsServerProblem(dataset.value) : undefined;
              if (problem) addIssue({ message: problem });
            }),
          ),
        ),
        [],
      ),
      timeoutMs: v.optional(milliseconds(10, 30_000), 2000),
    }),
    {},
  ),
  alert: v.optional(alert),
  bindings: v.pipe(v.array(binding), v.minLength(1, 'must hold at least one binding')),
});

export type ConfigFile = v.InferOutput<typeof configFileSchema>;

function firstRepeat(values: readonly string[]): string | undefined {
  return values.find((value, i) => values.indexOf(value) !== i);
}
