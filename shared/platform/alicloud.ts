import { SNSClient } from '@aws-sdk/client-sns';
import * as v from 'valibot';
import { createCloudMonitorSink } from '../alert/cloudmonitor-sink';
import { combineSinks } from '../alert/sink';
import { createSnsSink } from '../alert/sns-sink';
import { createWebhookSink } from '../alert/webhook-sink';
import { AlicloudApiVersion } from '../alicloud/constants';
import { alicloudEndpoint } from '../alicloud/endpoint';
import type { AlicloudProduct } from '../alicloud/endpoint';
import { createAlicloudRpc } from '../alicloud/rpc';
import type { AlicloudCredentials, RpcParams } from '../alicloud/rpc';
import { createClbRelayGroup } from '../backends/alicloud-clb';
import { createNlbPool } from '../backends/alicloud-nlb';
import type { Config } from '../core/binding';
import { systemClock } from '../core/clock';
import type { PerInvocation, ReconcileDeps } from '../reconcile';
import { createRdsApiResolver } from '../resolve/alicloud-rds';
import { combineResolutions } from '../resolve/combine';
import { createDnsResolver } from '../resolve/dns';
import { memoize } from './memo';
import { loopDeps } from './runtime-options';
import type { RuntimeOptions } from './runtime-options';

/** Everything the loop needs on Function Compute except the deadline, which each invocation sets. */
export type AlicloudRuntime = Omit<ReconcileDeps, PerInvocation>;

export interface AlicloudRuntimeOptions extends RuntimeOptions {
  /** Per API call; pop-core's own default is 3 s. */
  readonly timeoutMs?: number;
  /** How long an NLB add or remove job may take. */
  readonly jobTimeoutMs?: number;
  readonly jobPollMs?: number;
}

// PutCustomEvent answers {Code: '200', Message, RequestId}: the sink itself checks the Code, so keep it.
const PutCustomEventAnswer = v.looseObject({ Code: v.string(), RequestId: v.string() });

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
  const rpc = (product: AlicloudProduct) =>
    memoize((region) =>
      createAlicloudRpc({
        endpoint: alicloudEndpoint(product, region),
        apiVersion: AlicloudApiVersion[product],
        credentials,
        timeoutMs: options.timeoutMs ?? 5000,
        clock,
      }),
    );
  const nlb = rpc('nlb');
  const slb = rpc('slb');
  const rds = rpc('rds');
  const metrics = rpc('metrics');
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
        jobTimeoutMs: options.jobTimeoutMs ?? 120_000,
        ...(options.jobPollMs ? { jobPollMs: options.jobPollMs } : {}),
      });
    },
    relayGroupFor: (group) => createClbRelayGroup(slb(group.region), group),
    alert: combineSinks(
      createCloudMonitorSink((region) => ({
        call: (action, params) => metrics(region).call(action, params as RpcParams, PutCustomEventAnswer),
      })),
      createWebhookSink(),
      // For teams that alert centrally in AWS: the AWS SDK finds its credentials in the environment.
      createSnsSink(memoize((region) => new SNSClient({ region }))),
    ),
    ...loopDeps({ ...options, clock }),
  };
}
