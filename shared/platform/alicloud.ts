import * as v from 'valibot';
import { createCloudMonitorSink } from '../alert/cloudmonitor-sink';
import { combineSinks } from '../alert/sink';
import type { AlertSink } from '../alert/sink';
import { createWebhookSink } from '../alert/webhook-sink';
import { AlicloudApiVersion } from '../alicloud/constants';
import { alicloudEndpoint } from '../alicloud/endpoint';
import type { AlicloudProduct } from '../alicloud/endpoint';
import { createAlicloudRpc } from '../alicloud/rpc';
import type { AlicloudCredentials, PopCoreClient, PopCoreConfig, RpcParams } from '../alicloud/rpc';
import { createClbRelayGroup } from '../backends/alicloud-clb';
import { createNlbPool } from '../backends/alicloud-nlb';
import type { Config } from '../core/config-types';
import { systemClock } from '../core/clock';
import type { Clock } from '../core/types';
import { createKmsLoginReader } from '../probe/alicloud-kms-login';
import type { AdmissionAccess } from '../probe/admission';
import { loginReader } from '../probe/login-reader';
import type { PerInvocation, ReconcileDeps } from '../reconcile';
import { createRdsApiResolver } from '../resolve/alicloud-rds';
import { combineResolutions } from '../resolve/combine';
import { createDnsResolver } from '../resolve/dns';
import { pacedPopCore } from './alicloud-api-budget';
import { createAlicloudSnsSink } from './alicloud-sns-alerts';
import { createApiBudget } from './api-budget';
import type { ApiBudget } from './api-budget';
import { memoize } from './memo';
import { loopDeps } from './runtime-options';
import type { RuntimeOptions } from './runtime-options';
import { ALERT_DELIVERY_TIMEOUT_MS, ALICLOUD_RPC_TIMEOUT_MS, NLB_JOB_TIMEOUT_MS } from './timeouts';

/** Everything the loop needs on Function Compute except the deadline, which each invocation sets. */
export type AlicloudRuntime = Omit<ReconcileDeps, PerInvocation>;

export interface AlicloudRuntimeOptions extends RuntimeOptions {
  /** Per API attempt; default `ALICLOUD_RPC_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
  /** How long an NLB add or remove job may take; default `NLB_JOB_TIMEOUT_MS`, and never past `deadlineMs`. */
  readonly jobTimeoutMs?: number;
  readonly jobPollMs?: number;
  /**
   * Epoch milliseconds, the invocation's deadline for its work: no API call of the loop outlives it. The
   * alert's calls are not bound to it, they run after it, each within `ALERT_DELIVERY_TIMEOUT_MS`.
   */
  readonly deadlineMs?: number;
  /**
   * The API budget NLB and CLB calls are paced by; default one per function instance (module scope),
   * shared by its invocations as Alibaba's per-account quotas are.
   */
  readonly budget?: ApiBudget;
  /** Builds the pop-core clients of NLB, CLB, RDS and KMS (tests, the bench); default pop-core's own. */
  readonly createPopCore?: (config: PopCoreConfig) => PopCoreClient;
  /**
   * Replaces parts of how a binding's `probe` reaches addresses and logins (tests, the lab). By default
   * logins are read from KMS ciphertexts in `env`; the protocol probe and the writability check are
   * `AdmissionAccess`'s own defaults.
   */
  readonly admission?: AdmissionAccess;
  /** Where `env:` KMS ciphertexts are read at each admission; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

let sharedBudget: ApiBudget | undefined;

/** The budget of this function instance: invocations come and go, the account's quotas stay. */
function instanceBudget(): ApiBudget {
  sharedBudget ??= createApiBudget();
  return sharedBudget;
}

// PutCustomEvent answers {Code: '200', Message, RequestId}: the sink itself checks the Code, so keep it.
const PutCustomEventAnswer = v.looseObject({ Code: v.string(), RequestId: v.string() });

/**
 * CloudMonitor, webhooks and, when a binding names one and the function has AWS keys, SNS: every sink a
 * Function Compute function can reach, with the invocation's STS credentials.
 */
export function alicloudAlertSink(credentials: AlicloudCredentials, clock: Clock = systemClock): AlertSink {
  // One attempt within the delivery timeout, for the reason the SNS alert client has one (timeouts.ts).
  const metrics = memoize((region) =>
    createAlicloudRpc({
      endpoint: alicloudEndpoint('metrics', region),
      apiVersion: AlicloudApiVersion.metrics,
      credentials,
      timeoutMs: ALERT_DELIVERY_TIMEOUT_MS,
      maxAttempts: 1,
      clock,
    }),
  );
  return combineSinks(
    createCloudMonitorSink((region) => ({
      call: (action, params) => metrics(region).call(action, params as RpcParams, PutCustomEventAnswer),
    })),
    createWebhookSink({ timeoutMs: ALERT_DELIVERY_TIMEOUT_MS }),
    createAlicloudSnsSink(),
  );
}

/**
 * Wires the Alibaba adapters with the function role's STS credentials (Function Compute hands them to
 * each invocation in `context.credentials`; they rotate, so the runtime is built per invocation).
 * `ALICLOUD_ENDPOINT_*` variables point the same code at the lab's emulators.
 */
export function createAlicloudRuntime(
  config: Config,
  credentials: AlicloudCredentials,
  options: AlicloudRuntimeOptions = {},
): AlicloudRuntime {
  const clock = options.clock ?? systemClock;
  const { deadlineMs } = options;
  // A runtime on its own clock (tests, the drill's virtual time) gets its own budget on that clock.
  const budget =
    options.budget ?? (options.clock ? createApiBudget({ clock: options.clock }) : instanceBudget());
  const rpc = (product: AlicloudProduct) =>
    memoize((region) =>
      createAlicloudRpc({
        endpoint: alicloudEndpoint(product, region),
        apiVersion: AlicloudApiVersion[product],
        credentials,
        timeoutMs: options.timeoutMs ?? ALICLOUD_RPC_TIMEOUT_MS,
        clock,
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
        createClient: pacedPopCore({
          budget,
          product,
          region,
          clock,
          ...(deadlineMs !== undefined ? { deadlineMs } : {}),
          ...(options.createPopCore ? { createClient: options.createPopCore } : {}),
        }),
      }),
    );
  const nlb = rpc('nlb');
  const slb = rpc('slb');
  const rds = rpc('rds');
  const readLogin = loginReader('Alibaba Cloud', {
    kind: 'alicloud-kms-env',
    what: 'KMS ciphertexts',
    read: createKmsLoginReader({ kms: rpc('kms'), env: () => options.env ?? process.env }),
  });
  // A job's wait counts from the job's start, a little after this: the NLB client's own deadline
  // refuses the GetJobStatus that would come after the invocation's deadline.
  const jobTimeoutMs = () => {
    const wanted = options.jobTimeoutMs ?? NLB_JOB_TIMEOUT_MS;
    return deadlineMs === undefined ? wanted : Math.max(0, Math.min(wanted, deadlineMs - clock.now()));
  };
  const dns = createDnsResolver({ servers: [...config.dns.servers], timeoutMs: config.dns.timeoutMs });

  return {
    config,
    platform: 'alicloud',
    async resolve(binding) {
      const api = binding.resolve?.alicloudRds;
      if (!api) return dns.resolve(binding.endpoint.host);
      const [fromDns, fromApi] = await Promise.all([
        dns.resolve(binding.endpoint.host),
        createRdsApiResolver(rds(api.region), api).resolve(),
      ]);
      return combineResolutions(fromDns, fromApi, api.prefer);
    },
    poolFor: (pool) => {
      // reconcile() hands this runtime the Alibaba pools only.
      if (pool.kind !== 'alicloud-nlb')
        throw new Error(`the Alibaba Cloud runtime cannot manage ${pool.kind} pools`);
      return createNlbPool(nlb(pool.region), pool, {
        clock,
        jobTimeoutMs: jobTimeoutMs(),
        ...(options.jobPollMs ? { jobPollMs: options.jobPollMs } : {}),
      });
    },
    relayGroupFor: (group) => createClbRelayGroup(slb(group.region), group),
    // The login reader with the invocation's credentials; the probe and the writability check stay
    // AdmissionAccess's defaults unless replaced.
    admission: { readLogin, ...options.admission },
    alert: alicloudAlertSink(credentials, clock),
    ...loopDeps({ ...options, clock }),
  };
}
