import type { Client } from 'tablestore';
import type { LabHttpServer } from '../../lab/listen';
import { TablestoreEmulator } from '../../lab/alicloud/tablestore-emulator';
import { startTablestoreServer } from '../../lab/alicloud/tablestore-server';
import { createTablestoreClient } from '../../shared/lease/tablestore-client';
import type { TablestoreConnection } from '../../shared/lease/tablestore-client';
import { KEY_ID, SECRET } from './serve-emulator';

export const INSTANCE = 'lab-inst';
export const TABLE = 'leases';
/** An STS token the tests send, to check it is never kept nor repeated. */
export const STS_TOKEN = 'CAIS-lab-sts-token-0123456789';
/** The emulator's clock: 2026-01-01T00:00:00Z. */
export const NOW_MS = 1_767_225_600_000;

export interface ServedTablestore {
  readonly emulator: TablestoreEmulator;
  readonly server: LabHttpServer;
  /** A real `tablestore` client for the instance, signing with the lab key and `STS_TOKEN`. */
  client(overrides?: Partial<TablestoreConnection>, socketTimeoutMs?: number): Client;
}

/**
 * A Tablestore emulator on loopback with instance `lab-inst` and table `leases` (primary key `pool`,
 * STRING), on a fixed clock, with fixed request ids.
 */
export async function serveTablestore(): Promise<ServedTablestore> {
  const emulator = new TablestoreEmulator({ now: () => NOW_MS });
  emulator.createInstance(INSTANCE);
  emulator.seedTable(INSTANCE, TABLE, [{ name: 'pool', type: 'STRING' }]);
  const server = await startTablestoreServer(emulator, {
    credentials: { [KEY_ID]: SECRET },
    newRequestId: () => 'lab-request-id',
  });
  return {
    emulator,
    server,
    client: (overrides = {}, socketTimeoutMs = 5000) =>
      createTablestoreClient(
        {
          endpoint: server.url,
          instance: INSTANCE,
          accessKeyId: KEY_ID,
          accessKeySecret: SECRET,
          securityToken: STS_TOKEN,
          ...overrides,
        },
        { socketTimeoutMs },
      ),
  };
}
