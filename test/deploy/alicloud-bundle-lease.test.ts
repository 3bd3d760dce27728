import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { alicloudBundle } from '../../bin/bundling/options';
import type { alicloudLeaseStore } from '../../shared/platform/alicloud-lease-store';
import { KEY_ID, SECRET } from '../support/serve-emulator';
import { INSTANCE, serveTablestore, STS_TOKEN, TABLE } from '../support/serve-tablestore';
import type { ServedTablestore } from '../support/serve-tablestore';

// esbuild bundles the Tablestore SDK in a few seconds; a busy machine takes longer.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const POOL = 'alicloud-nlb cn-hangzhou/sgp-billing01';

/**
 * The Alibaba functions take their leases through the Tablestore SDK as bundled, not as jest loads it:
 * the SDK has sloppy-mode code (`for (key in ...)` with no declaration) that throws `key is not defined`
 * in a bundle esbuild marks "use strict" (tsconfig's `strict` implies `alwaysStrict`). Only the bundle
 * run against the emulator shows it.
 */
describe('the Alibaba bundle takes a lease through the bundled Tablestore SDK', () => {
  let dir: string;
  let served: ServedTablestore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rfs-alilease-'));
    served = await serveTablestore();
  });
  afterAll(async () => {
    await served.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes and reads back a lease record', async () => {
    // Prepare: the store as the functions build it, bundled with the functions' own options.
    const outfile = join(dir, 'lease.js');
    await build({
      ...alicloudBundle({ snsAlerts: false, writableCheck: false }),
      // The module itself as the entry, so that esbuild reads the project's tsconfig as for a function.
      entryPoints: [join(ROOT, 'shared', 'platform', 'alicloud-lease-store.ts')],
      outfile,
      logLevel: 'silent',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(outfile) as { alicloudLeaseStore: typeof alicloudLeaseStore };
    const store = bundled.alicloudLeaseStore(
      { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: STS_TOKEN },
      { required: true },
      {
        ALICLOUD_ENDPOINT_OTS: served.server.url,
        LEASE_TABLESTORE_INSTANCE: INSTANCE,
        LEASE_TABLESTORE_TABLE: TABLE,
      },
    );
    const record = { pool: POOL, owner: 'run-a', expiresAtMs: 1_767_225_630_000, version: 1, intents: [] };

    // Act
    const written = await store.compareAndSet(undefined, record);
    const read = await store.read(POOL);

    // Assess
    expect(written).toBe(true);
    expect(read).toEqual(record);
  });
});
