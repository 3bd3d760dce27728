import type { AlicloudCredentials } from '../alicloud/rpc';
import { LeaseStoreMissingError } from '../lease/errors';
import { lazyLeaseStore } from '../lease/lazy-store';
import { createMemoryLeaseStore } from '../lease/memory-store';
import { LeaseTablestoreEnv } from '../lease/tablestore-constants';
import { TABLESTORE_ENDPOINT_ENV } from '../lease/tablestore-endpoint';
import type { LeaseStore } from '../lease/types';
import { TABLESTORE_SOCKET_TIMEOUT_MS } from './timeouts';

/**
 * Where an Alibaba Cloud process keeps pool leases: the Tablestore table the deploy creates and names
 * in `LEASE_TABLESTORE_*` (the lab points `ALICLOUD_ENDPOINT_OTS` at its emulator), signed with the
 * invocation's own STS keys. Without it a Function Compute function refuses to start, while tests fall
 * back to this process's memory. The SDK is loaded on the first lease, not at cold start.
 */
export function alicloudLeaseStore(
  credentials: AlicloudCredentials,
  options: { required: boolean },
  env: NodeJS.ProcessEnv = process.env,
): LeaseStore {
  const instance = env[LeaseTablestoreEnv.Instance];
  const table = env[LeaseTablestoreEnv.Table];
  const endpoint = env[TABLESTORE_ENDPOINT_ENV] || env[LeaseTablestoreEnv.Endpoint];
  if (!instance || !table || !endpoint) {
    const names = Object.values(LeaseTablestoreEnv).join(', ');
    if (options.required) throw new LeaseStoreMissingError(names, 'the deploy');
    return createMemoryLeaseStore();
  }
  return lazyLeaseStore(`tablestore ${instance}/${table}`, async () => {
    const [{ createTablestoreClient }, { createTablestoreLeaseStore }] = await Promise.all([
      import('../lease/tablestore-client.js'),
      import('../lease/tablestore-store.js'),
    ]);
    const client = createTablestoreClient(
      { endpoint, instance, ...credentials },
      { socketTimeoutMs: TABLESTORE_SOCKET_TIMEOUT_MS },
    );
    return createTablestoreLeaseStore(client, { instance, table });
  });
}
