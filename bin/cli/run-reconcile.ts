import { randomUUID } from 'node:crypto';
import { platformOf } from '../../shared/core/config-types';
import type { Config, Platform } from '../../shared/core/config-types';
import type { Report } from '../../shared/core/report';
import type { Logger } from '../../shared/log/logger';
import { reconcile } from '../../shared/reconcile';
import type { ReconcileDeps } from '../../shared/reconcile';
import type { LoopEvent } from '../../shared/reconcile/loop-events';
import { selectBindings } from '../../shared/reconcile/select';
import { createAlicloudRuntime } from '../../shared/platform/alicloud';
import { alicloudLeaseStore } from '../../shared/platform/alicloud-lease-store';
import { createAwsRuntime } from '../../shared/platform/aws';
import { awsLeaseStore } from '../../shared/platform/aws-lease-store';
import { requireAlicloudCredentials } from './alicloud-credentials';
import { mergeReports } from './merge-reports';

/** How long a CLI run may take: a swap waits for health checks, which can take minutes. */
export const CLI_DEADLINE_MS = 15 * 60_000;

export interface CliReconcileOptions {
  readonly config: Config;
  /** Binding names; all when empty. Unknown names throw `UnknownBindingError` before any call. */
  readonly bindings: readonly string[];
  readonly dryRun: boolean;
  readonly log: Logger;
  readonly observe?: (event: LoopEvent) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The loop the functions run, for the bindings a person chose, on both clouds at once: AWS pools with the
 * AWS SDK's default credential chain (`AWS_PROFILE`, SSO, ...), each target group in the region its ARN
 * names; Alibaba pools with the caller's own keys (`findAlicloudCredentials`), asked for only when an
 * Alibaba binding is selected. Leases live in the stack's store when `LEASE_TABLE` (AWS) or
 * `LEASE_TABLESTORE_*` (Alibaba) name it, so a CLI run and the functions never change a pool at once.
 */
export async function reconcileFromCli(options: CliReconcileOptions): Promise<Report> {
  const { config, log } = options;
  const env = options.env ?? process.env;
  const trigger = {
    kind: 'manual' as const,
    dryRun: options.dryRun,
    ...(options.bindings.length > 0 ? { bindings: options.bindings } : {}),
  };
  const selected = selectBindings(trigger, config).targets.map((t) => t.binding);
  const clouds = new Set<Platform>(selected.flatMap((b) => b.pools.map(platformOf)));
  const perInvocation = {
    deadlineMs: Date.now() + CLI_DEADLINE_MS,
    runId: `cli-${randomUUID()}`,
  };
  const runtimes: Omit<ReconcileDeps, 'deadlineMs' | 'runId' | 'abortSignal'>[] = [];
  const observe = options.observe ? { observe: options.observe } : {};
  if (clouds.has('aws')) {
    runtimes.push(
      createAwsRuntime(config, { log, ...observe, leaseStore: awsLeaseStore({ required: false }, env) }),
    );
  }
  if (clouds.has('alicloud')) {
    const { credentials } = requireAlicloudCredentials(env);
    runtimes.push(
      createAlicloudRuntime(config, credentials, {
        log,
        ...observe,
        // The caller's shell holds the KMS login ciphertexts, as it does for the deploy that passes them on.
        env,
        deadlineMs: perInvocation.deadlineMs,
        leaseStore: alicloudLeaseStore(credentials, { required: false }, env),
      }),
    );
  }
  if (runtimes.length === 0) {
    // Nothing selected (an empty bindings list): the loop still says so in a report.
    runtimes.push(createAwsRuntime(config, { log, ...observe }));
  }
  const reports = await Promise.all(
    runtimes.map((runtime) => reconcile(trigger, { ...runtime, ...perInvocation })),
  );
  return mergeReports(reports);
}
