import { loadConfigJson } from '../config/load-json';
import type { Config } from '../core/config-types';
import { systemClock } from '../core/clock';
import type { Report } from '../core/report';
import { decodeAlicloudPayload, parseAlicloudTrigger } from '../events/parse-alicloud';
import type { Trigger } from '../events/types';
import { DEFAULT_METRICS_SERVICE } from '../log/metric-records';
import { bindingsPath } from './bindings-path';
import { alicloudAlertSink, createAlicloudRuntime } from './alicloud';
import { alertStartupFailure } from './fallback-alert';
import type { AlertSink } from '../alert/sink';
import type { AlicloudRuntimeOptions } from './alicloud';
import { alicloudLeaseStore } from './alicloud-lease-store';
import { invocationDeadline } from './deadline';
import { handleInvocation } from './handle-invocation';

/** The part of the Function Compute context we use (Node.js runtimes, FC 2.0). */
export interface FcContext {
  readonly requestId: string;
  /** The function role's STS credentials for this invocation. */
  readonly credentials: {
    readonly accessKeyId: string;
    readonly accessKeySecret: string;
    readonly securityToken?: string;
  };
  readonly function: { readonly name: string; readonly timeout: number };
  /** FC 2.0's service; FC 3.0 has none, its functions stand alone. */
  readonly service?: { readonly name: string };
}

let config: Promise<Config> | undefined;

/** The bindings file, read once per instance; a bad file fails every invocation, loudly. */
function bindings(): Promise<Config> {
  config ??= loadConfigJson(bindingsPath(process.env, 'FC_FUNC_CODE_PATH'), { platform: 'alicloud' });
  config.catch(() => (config = undefined));
  return config;
}

export interface AlicloudInvocationOptions {
  /** The bindings; by default the file beside the code, read once per instance. */
  readonly config?: () => Promise<Config>;
  readonly runtime?: AlicloudRuntimeOptions;
  /** Where a configuration that cannot be loaded is alerted; default the function's own sinks. */
  readonly fallbackSink?: AlertSink;
}

/**
 * A Function Compute invocation: the event arrives as a Buffer, the credentials in the context (they
 * rotate, so the runtime is built per invocation), and the deadline is the function's timeout from now.
 * Being built per invocation, the runtime's API clients are bound to the invocation's deadline: no call
 * outlives it, whichever adapter makes it.
 */
export async function handleAlicloudInvocation(
  event: unknown,
  context: FcContext,
  accepts: readonly Trigger['kind'][],
  options: AlicloudInvocationOptions = {},
): Promise<Report> {
  const clock = options.runtime?.clock ?? systemClock;
  let config: Config;
  try {
    config = await (options.config ?? bindings)();
  } catch (error) {
    // The bindings name every sink but these: the environment's, set by the deploy.
    throw await alertStartupFailure(error, {
      sink: options.fallbackSink ?? alicloudAlertSink(context.credentials, clock),
      platform: 'alicloud',
      functionName: context.function.name,
    });
  }
  // FC 2.0's context gives the timeout, not the time left: counted from here, it is a little late.
  const remainingMs = context.function.timeout * 1000;
  const startedMs = clock.now();
  const { deadlineMs } = invocationDeadline(startedMs, remainingMs);
  return handleInvocation(event, {
    parse: parseAlicloudTrigger,
    accepts,
    runtime: createAlicloudRuntime(config, context.credentials, {
      ...options.runtime,
      deadlineMs,
      leaseStore: options.runtime?.leaseStore ?? alicloudLeaseStore(context.credentials, { required: true }),
    }),
    remainingMs,
    startedMs,
    readable: decodeAlicloudPayload,
    requestId: context.requestId,
    // Simple Log Service has no embedded metric format: the same members, as a JSON line it indexes.
    metrics: {
      format: 'json',
      service: context.service?.name ?? DEFAULT_METRICS_SERVICE,
      function: context.function.name,
    },
  });
}
