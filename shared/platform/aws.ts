import { combineSinks } from '../alert/sink';
import { createSnsSink } from '../alert/sns-sink';
import { createWebhookSink } from '../alert/webhook-sink';
import { createElbv2Pool } from '../backends/aws-elbv2/elbv2-pool';
import { createRoute53RecordPool } from '../backends/aws-route53/record-pool';
import { systemClock } from '../core/clock';
import type { Config } from '../core/config-types';
import { loadConfigJson } from '../config/load-json';
import type { PerInvocation, ReconcileDeps } from '../reconcile';
import { combineResolutions } from '../resolve/combine';
import { createDnsResolver } from '../resolve/dns';
import { createRoute53Resolver } from '../resolve/route53-record';
import { createApiBudget } from './api-budget';
import type { ApiBudget } from './api-budget';
import { assumedRoleCredentials } from './assumed-role';
import { createElbv2Client, createRoute53Client, createSnsAlertClient, createStsClient } from './aws-clients';
import { awsLeaseStore } from './aws-lease-store';
import { bindingsPath } from './bindings-path';
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

/** Everything the loop needs on AWS except the deadline, which each invocation sets. */
export type AwsRuntime = Omit<ReconcileDeps, PerInvocation>;

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
  // Assumed credentials are cached per role, shared by that role's ELBv2 and Route 53 clients.
  // STS is only built when a pool names a role.
  const sts = memoize(createStsClient);
  const credentialsOf = memoizeRole((role) => assumedRoleCredentials(sts(''), role, clock));
  const elbv2For = perRole((credentials) => createElbv2Client(budget, credentials), credentialsOf);
  const route53For = perRole(createRoute53Client, credentialsOf);
  const snsFor = memoize(createSnsAlertClient);
  const dns = createDnsResolver({ servers: [...config.dns.servers], timeoutMs: config.dns.timeoutMs });
  return {
    config,
    async resolve(binding) {
      const record = binding.resolve?.route53;
      if (!record) return dns.resolve(binding.endpoint.host);
      const [fromDns, fromRecord] = await Promise.all([
        dns.resolve(binding.endpoint.host),
        createRoute53Resolver(route53For(record.assumeRole), record).resolve(),
      ]);
      return combineResolutions(fromDns, fromRecord, record.prefer, 'the Route 53 record');
    },
    platform: 'aws',
    poolFor: (pool) => {
      // reconcile() hands this runtime the AWS pools only.
      if (pool.kind !== 'aws-elbv2') throw new Error(`the AWS runtime cannot manage ${pool.kind} pools`);
      return createElbv2Pool(elbv2For(pool.assumeRole), pool);
    },
    recordFor: (record) =>
      createRoute53RecordPool(route53For(record.assumeRole), record, {
        clock,
        ...(options.changePollMs ? { changePollMs: options.changePollMs } : {}),
      }),
    relayGroupFor: (group) => {
      throw new Error(`the AWS runtime cannot manage ${group.kind} pools`);
    },
    // Webhooks too: a binding that names one expects it called, whichever cloud runs the binding.
    alert: combineSinks(createSnsSink(snsFor), createWebhookSink({ timeoutMs: ALERT_DELIVERY_TIMEOUT_MS })),
    ...loopDeps({ ...options, leaseStore: options.leaseStore ?? awsLeaseStore({ required: false }) }),
  };
}

let cached: Promise<AwsRuntime> | undefined;

/** The runtime for this Lambda sandbox, built once per cold start. */
export function awsRuntime(): Promise<AwsRuntime> {
  cached ??= loadConfigJson(bindingsPath(), { platform: 'aws' }).then((config) =>
    createAwsRuntime(config, { leaseStore: awsLeaseStore({ required: true }) }),
  );
  // A bad bindings file must fail every invocation loudly, not be cached as a rejected promise forever.
  cached.catch(() => (cached = undefined));
  return cached;
}
