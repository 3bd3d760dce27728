import { combineSinks } from '../alert/sink';
import type { AlertSink } from '../alert/sink';
import { createSnsSink } from '../alert/sns-sink';
import { createWebhookSink } from '../alert/webhook-sink';
import { createElbv2Pool } from '../backends/aws-elbv2/elbv2-pool';
import { regionOfArn } from '../core/arn';
import { systemClock } from '../core/clock';
import type { AssumeRoleConfig, Binding, Config } from '../core/config-types';
import type { Resolution } from '../core/resolution';
import { loadConfigJson } from '../config/load-json';
import { NO_WRITER_HINTS, writerHintsOf } from '../events/writer-hint';
import type { WriterHints } from '../events/writer-hint';
import type { RdsWriterResolver } from '../resolve/aws-rds-writer/writer-resolver';
import { combineResolutions } from '../resolve/combine';
import { createDnsResolver } from '../resolve/dns';
import type { DnsResolver } from '../resolve/dns';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { createApiBudget } from './api-budget';
import type { ApiBudget } from './api-budget';
import { createElbv2Client, createSnsAlertClient } from './aws-clients';
import { createRdsClient, createRdsWriterResolver } from './aws-rds-writer-support';
import { createRoute53Client, createRoute53RecordPool, createRoute53Resolver } from './aws-route53-support';
import { assumedRoleCredentials, createStsClient } from './aws-sts-support';
import { createSecretsManagerClient, createSecretsManagerLoginReader } from './aws-secrets-login-support';
import { loginReader } from '../probe/login-reader';
import { awsLeaseStore } from './aws-lease-store';
import { bindingsPath } from './bindings-path';
import { alertStartupFailure } from './fallback-alert';
import type { InvocationRuntime } from './handle-invocation';
import { memoize } from './memo';
import { memoizeRole, perRole } from './per-role';
import { loopDeps } from './runtime-options';
import type { RuntimeOptions } from './runtime-options';
import { ALERT_DELIVERY_TIMEOUT_MS } from './timeouts';

export interface AwsRuntimeOptions extends RuntimeOptions {
  /** The API budget the clients are paced by; default a new one on the runtime's clock. */
  readonly budget?: ApiBudget;
  /** How often a Route 53 change is asked about while `PENDING`; default 1000. */
  readonly changePollMs?: number;
}

/**
 * Everything the loop needs on AWS except the deadline, which each invocation sets; `resolveFor` lets a
 * failover event's named writer reach the RDS writer lookup.
 */
export type AwsRuntime = InvocationRuntime;

/**
 * Wires the real clients. The SDK reads region and credentials from the Lambda environment, and honours
 * `AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2` / `AWS_ENDPOINT_URL_SNS`, which is how the lab and the
 * drill point the very same code at local emulators. Both clients give up on a silent request (see
 * `timeouts.ts`): the SDK's default is to wait for ever.
 */
export function createAwsRuntime(config: Config, options: AwsRuntimeOptions = {}): AwsRuntime {
  // One budget per runtime: every binding of an invocation, and every invocation of this sandbox, draws
  // on the same buckets, as they do at AWS.
  const clock = options.clock ?? systemClock;
  const budget = options.budget ?? createApiBudget({ clock });
  // Assumed credentials are cached per role, shared by that role's ELBv2 and Route 53 clients. STS is
  // only built when a pool names a role.
  const sts = memoize(() => createStsClient(budget));
  const credentialsOf = memoizeRole((role) => assumedRoleCredentials(sts(''), role, clock));
  // A target group is reached in the region its ARN names (a CLI run with no AWS_REGION, or a function
  // whose bindings span regions, still calls each one where it lives), with its pool's role if any.
  const elbv2For = memoize((region) =>
    perRole((actingAs) => createElbv2Client(budget, { region, ...actingAs }), credentialsOf),
  );
  const route53For = perRole((actingAs) => createRoute53Client(budget, actingAs), credentialsOf);
  const dns = createDnsResolver({ servers: [...config.dns.servers], timeoutMs: config.dns.timeoutMs });
  // Only a file with a writer lookup gets an RDS client: the others never construct one.
  const writers = config.bindings.some((b) => b.resolve?.awsRdsWriter)
    ? createRdsWriterResolver(createRdsClient(budget), dns)
    : undefined;
  // Writability checks read their login with the runtime's own credentials (the CLI's are the caller's),
  // each secret in its own region. Only a file with such a check gets a Secrets Manager client.
  const readLogin = config.bindings.some((b) => b.probe?.writable?.login.kind === 'aws-secret')
    ? loginReader('AWS', {
        kind: 'aws-secret',
        what: 'Secrets Manager secrets',
        read: createSecretsManagerLoginReader(
          memoize((region) => createSecretsManagerClient(region, budget)),
          { now: () => clock.now() },
        ),
      })
    : undefined;
  const resolveWith = (hints: WriterHints, abortSignal?: AbortSignal) => (binding: Binding) =>
    resolveBinding(binding, { dns, writers, route53For, hints, ...(abortSignal ? { abortSignal } : {}) });
  return {
    config,
    resolve: resolveWith(NO_WRITER_HINTS),
    resolveFor: ({ trigger, abortSignal }) => resolveWith(writerHintsOf(trigger), abortSignal),
    platform: 'aws',
    poolFor: (pool) => {
      // reconcile() hands this runtime the AWS pools only.
      if (pool.kind !== 'aws-elbv2') throw new Error(`the AWS runtime cannot manage ${pool.kind} pools`);
      return createElbv2Pool(elbv2For(regionOfArn(pool.targetGroupArn))(pool.assumeRole), pool);
    },
    recordFor: (record) =>
      createRoute53RecordPool(route53For(record.assumeRole), record, {
        clock,
        ...(options.changePollMs ? { changePollMs: options.changePollMs } : {}),
      }),
    relayGroupFor: (group) => {
      throw new Error(`the AWS runtime cannot manage ${group.kind} pools`);
    },
    ...(readLogin ? { admission: { readLogin } } : {}),
    // Webhooks too: a binding that names one expects it called, whichever cloud runs the binding.
    alert: awsAlertSink(),
    ...loopDeps({ ...options, leaseStore: options.leaseStore ?? awsLeaseStore({ required: false, budget }) }),
  };
}

/**
 * DNS, beside it the record of a binding with `resolve.route53`, or for a binding with
 * `resolve.awsRdsWriter` the cluster's writer from the RDS API beside it,
 * both at once: the API leads the cluster CNAME by seconds after a failover, and `prefer` settles a
 * disagreement.
 */
async function resolveBinding(
  binding: Binding,
  how: {
    dns: DnsResolver;
    writers?: RdsWriterResolver;
    route53For: (role?: AssumeRoleConfig) => Route53Client;
    hints: WriterHints;
    abortSignal?: AbortSignal;
  },
): Promise<Resolution> {
  const record = binding.resolve?.route53;
  if (record) {
    const [fromDns, fromRecord] = await Promise.all([
      how.dns.resolve(binding.endpoint.host),
      createRoute53Resolver(how.route53For(record.assumeRole), record).resolve(),
    ]);
    return combineResolutions(fromDns, fromRecord, record.prefer, 'the Route 53 record');
  }
  const writer = binding.resolve?.awsRdsWriter;
  if (!writer || !how.writers) return how.dns.resolve(binding.endpoint.host);
  const hint = how.hints.get(writer.cluster.toLowerCase());
  const [fromDns, fromApi] = await Promise.all([
    how.dns.resolve(binding.endpoint.host),
    how.writers.resolve(writer, {
      ...(hint ? { hint } : {}),
      ...(how.abortSignal ? { abortSignal: how.abortSignal } : {}),
    }),
  ]);
  return combineResolutions(fromDns, fromApi, writer.prefer);
}

let cached: Promise<AwsRuntime> | undefined;

/**
 * The runtime for this Lambda sandbox, built once per cold start. A configuration that cannot be used
 * fails the invocation with `ConfigurationFailedError`, after alerting through the sinks the function's
 * environment names (`ALERT_SNS_TOPIC_ARN`, `ALERT_WEBHOOK_URL`): the file's own sinks are in the file.
 */
export function awsRuntime(env: NodeJS.ProcessEnv = process.env): Promise<AwsRuntime> {
  cached ??= loadConfigJson(bindingsPath(env), { platform: 'aws', env }).then((config) => {
    const budget = createApiBudget();
    return createAwsRuntime(config, { budget, leaseStore: awsLeaseStore({ required: true, budget }) });
  });
  // A bad bindings file must fail every invocation loudly, not be cached as a rejected promise forever.
  cached.catch(() => (cached = undefined));
  return cached.catch(async (error: unknown) => {
    throw await alertStartupFailure(error, {
      sink: awsAlertSink(),
      platform: 'aws',
      functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? 'rds-failover-sync',
      env,
    });
  });
}

/** SNS and webhooks: every sink a Lambda can reach. */
function awsAlertSink(): AlertSink {
  return combineSinks(
    createSnsSink(memoize(createSnsAlertClient)),
    createWebhookSink({ timeoutMs: ALERT_DELIVERY_TIMEOUT_MS }),
  );
}
