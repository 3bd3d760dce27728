import { chunks } from '../../alicloud/chunks';
import { AlicloudApiError } from '../../alicloud/errors';
import type { AlicloudRpc, RpcScalar } from '../../alicloud/rpc';
import { toPoolApiError } from '../to-pool-error';
import type { AlicloudNlbPoolConfig } from '../../core/config-types';
import { backendKey } from '../../core/keys';
import { BackendHealth } from '../../core/types';
import type { Backend, BackendAddress, Clock } from '../../core/types';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { CallContext, Pool } from '../pool';
import { nlbDrain } from './drain';
import { nonNormalServersOf, withListenerHealth } from './listener-health';
import { readAllPages } from './pages';
import { AsyncJobResponse, GetListenerHealthStatusResponse, ListServerGroupServersResponse } from './schemas';
import { NLB_ADD_RETRY_CODES, NLB_REMOVE_RETRY_CODES } from './retry-codes';
import { healthOfServerStatus } from './status';
import { waitForJob } from './wait-job';
import type { WaitJobOptions } from './wait-job';

export interface NlbPoolOptions {
  readonly clock: Clock;
  /** How often `GetJobStatus` is asked while an add or remove runs. Default 1000. */
  readonly jobPollMs?: number;
  /** How long one add or remove job may run before the step fails with `JobTimeout`. */
  readonly jobTimeoutMs: number;
}

/** Servers per add or remove call: the API reference says 40 (another source 200); the lower one holds. */
export const NLB_MAX_SERVERS_PER_CALL = 40;
/** Servers per `ListServerGroupServers` page, the API's maximum. */
export const NLB_PAGE_SIZE = 100;
/** Set on every server we add, so a person reading the console knows who put it there. */
export const NLB_SERVER_DESCRIPTION = 'rds-failover-sync';
const SERVER_WEIGHT = 100;
const DEFAULT_JOB_POLL_MS = 1000;
/** The server is not in the group: removing it is already done. */
const SERVER_NOT_FOUND = 'ResourceNotFound.BackendServer';
/** The server is already in the group: adding it is already done. */
const SERVER_IN_USE = 'ResourceInUse.IP';

type ServerParam = Readonly<Record<string, RpcScalar>>;

/**
 * An NLB server group of type `Ip` (API 2022-04-30) as a `Pool`. Adds and removes wait for their job.
 * Health comes from each server's `Status` and, when the config names a `listenerId`, from that
 * listener's health checks (`GetListenerHealthStatus`).
 */
export function createNlbPool(
  rpc: AlicloudRpc,
  config: AlicloudNlbPoolConfig,
  options: NlbPoolOptions,
): Pool<BackendAddress> {
  const id = `alicloud-nlb ${config.region}/${config.serverGroupId}`;
  const group = { RegionId: config.region, ServerGroupId: config.serverGroupId };
  const { clock } = options;
  // A job may run `jobTimeoutMs`, but never past the invocation's deadline.
  const jobOptions = (context: CallContext): WaitJobOptions => ({
    clock,
    pollMs: options.jobPollMs ?? DEFAULT_JOB_POLL_MS,
    timeoutMs: options.jobTimeoutMs,
    deadlineMs: context.deadlineMs,
  });

  async function guard<T>(step: PoolStep, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toPoolApiError(id, step, error);
    }
  }

  async function readPages<T extends { NextToken?: string | undefined }>(
    step: PoolStep,
    action: string,
    readPage: (nextToken: string | undefined) => Promise<T>,
  ): Promise<readonly T[]> {
    const outcome = await readAllPages(readPage);
    if (outcome.kind === 'loop') {
      throw new PoolApiError(id, step, 'PaginationLoop', `${action} repeated a NextToken`);
    }
    return outcome.pages;
  }

  async function listServers(step: PoolStep): Promise<Backend[]> {
    const pages = await readPages(step, 'ListServerGroupServers', (nextToken) =>
      rpc.call(
        'ListServerGroupServers',
        { ...group, MaxResults: NLB_PAGE_SIZE, NextToken: nextToken },
        ListServerGroupServersResponse,
      ),
    );
    return pages.flatMap((page) => page.Servers.map(toBackend));
  }

  // No MaxResults: the current API reference and SDK models list only ListenerId and RegionId for
  // this call (older pages add MaxResults and NextToken); NextToken is sent only to follow a page
  // that returned one, so a listener with few non-normal servers needs nothing undocumented.
  async function listNonNormalServers(listenerId: string): Promise<Map<string, string>> {
    const pages = await readPages('describe', 'GetListenerHealthStatus', (nextToken) =>
      rpc.call(
        'GetListenerHealthStatus',
        { RegionId: config.region, ListenerId: listenerId, NextToken: nextToken },
        GetListenerHealthStatusResponse,
      ),
    );
    return nonNormalServersOf(pages, config.serverGroupId);
  }

  async function describe(): Promise<Backend[]> {
    const backends = await listServers('describe');
    if (config.listenerId === undefined) return backends;
    return withListenerHealth(backends, await listNonNormalServers(config.listenerId));
  }

  async function runJob(
    step: PoolStep,
    action: string,
    servers: ServerParam[],
    context: CallContext,
  ): Promise<void> {
    const { JobId } = await rpc.call(action, { ...group, Servers: servers }, AsyncJobResponse, {
      clientToken: true,
      retryOn: step === 'register' ? NLB_ADD_RETRY_CODES : NLB_REMOVE_RETRY_CODES,
    });
    const outcome = await waitForJob(rpc, JobId, jobOptions(context));
    if (outcome.kind === 'failed') {
      const message = `${action} job ${JobId} ended ${outcome.status} after ${outcome.waitedMs} ms`;
      throw new PoolApiError(id, step, 'JobFailed', message);
    }
    if (outcome.kind === 'timeout') {
      const message = `${action} job ${JobId} still ${outcome.status} after ${outcome.waitedMs} ms`;
      throw new PoolApiError(id, step, 'JobTimeout', message);
    }
  }

  // One server missing from the group fails the whole call, and with it the removal of the others:
  // 1. the loop asks to remove A and B; 2. someone removed A by hand since the describe; 3. the call
  // answers ResourceNotFound.BackendServer and B stays. So a failed batch is retried one by one.
  async function removeBatch(batch: readonly BackendAddress[], context: CallContext): Promise<void> {
    try {
      await runJob('deregister', 'RemoveServersFromServerGroup', batch.map(removedServer), context);
    } catch (error) {
      if (!(error instanceof AlicloudApiError) || error.code !== SERVER_NOT_FOUND) throw error;
      if (batch.length === 1) return;
      for (const backend of batch) await removeBatch([backend], context);
    }
  }

  // The same for adds, the other way round: 1. a describe lags and does not list X yet; 2. the loop
  // adds X again; 3. NLB answers ResourceInUse.IP for the whole batch. X is in the group: that is done.
  async function addBatch(batch: readonly BackendAddress[], context: CallContext): Promise<void> {
    try {
      await runJob('register', 'AddServersToServerGroup', batch.map(addedServer), context);
    } catch (error) {
      if (!(error instanceof AlicloudApiError) || error.code !== SERVER_IN_USE) throw error;
      if (batch.length === 1) return;
      for (const backend of batch) await addBatch([backend], context);
    }
  }

  async function register(backends: readonly BackendAddress[], context: CallContext): Promise<void> {
    if (backends.length === 0) return;
    await guard('register', async () => {
      // Only the missing ones are sent: an add of a present server fails its whole batch.
      const present = new Set(
        (await listServers('register'))
          .filter((backend) => backend.health !== BackendHealth.Draining)
          .map(backendKey),
      );
      const missing = unique(backends).filter((backend) => !present.has(backendKey(backend)));
      for (const batch of chunks(missing, NLB_MAX_SERVERS_PER_CALL)) await addBatch(batch, context);
    });
  }

  async function deregister(backends: readonly BackendAddress[], context: CallContext): Promise<void> {
    if (backends.length === 0) return;
    await guard('deregister', async () => {
      for (const batch of chunks(unique(backends), NLB_MAX_SERVERS_PER_CALL))
        await removeBatch(batch, context);
    });
  }

  const drain = nlbDrain({
    rpc,
    poolId: id,
    region: config.region,
    serverGroupId: config.serverGroupId,
    waitForJob: (jobId, context) => waitForJob(rpc, jobId, jobOptions(context)),
  });
  return {
    id,
    key: backendKey,
    drain: {
      read: (context) => guard('settings', () => drain.read(context)),
      write: (wanted, context) => guard('settings', () => drain.write(wanted, context)),
    },
    describe: () => guard('describe', describe),
    async apply(change, context) {
      if (change.kind === 'replace') {
        throw new PoolApiError(id, 'register', 'UnsupportedChange', 'an NLB server group has no atomic swap');
      }
      if (change.kind === 'add') await register(change.add, context);
      else await deregister(change.remove, context);
    },
  };
}

function toBackend(server: {
  ServerId: string;
  ServerIp?: string | undefined;
  Port: number;
  Status: string;
}): Backend {
  return {
    ip: server.ServerIp || server.ServerId,
    port: server.Port,
    health: healthOfServerStatus(server.Status),
    state: server.Status,
  };
}

const addedServer = ({ ip, port }: BackendAddress): ServerParam => ({
  ServerId: ip,
  ServerType: 'Ip',
  ServerIp: ip,
  Port: port,
  Weight: SERVER_WEIGHT,
  Description: NLB_SERVER_DESCRIPTION,
});

const removedServer = ({ ip, port }: BackendAddress): ServerParam => ({
  ServerId: ip,
  ServerType: 'Ip',
  ServerIp: ip,
  Port: port,
});

function unique(backends: readonly BackendAddress[]): BackendAddress[] {
  const byKey = new Map(backends.map((backend) => [backendKey(backend), backend]));
  return [...byKey.values()];
}
