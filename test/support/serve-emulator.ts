import { createPopClient } from '../../lab/alicloud/pop-client';
import type { PopClient } from '../../lab/alicloud/pop-client';
import { startRpcServer } from '../../lab/alicloud/server';
import type { RpcServer } from '../../lab/alicloud/server';
import type { RpcService } from '../../lab/alicloud/types';

/** The key the emulator tests sign with; the server knows it, nothing else does. */
export const KEY_ID = 'LTAI5tLabKey0001';
export const SECRET = 'lab-secret-not-a-real-key';

/**
 * Serves an emulator on loopback, with a fixed RequestId so answers can be compared whole, and a real
 * pop-core client signing for it with the emulator's own API version.
 */
export async function serveWithClient(
  service: RpcService,
): Promise<{ server: RpcServer; client: PopClient }> {
  const server = await startRpcServer(service, {
    credentials: { [KEY_ID]: SECRET },
    newRequestId: () => 'LAB-REQUEST-ID',
  });
  const client = createPopClient({
    endpoint: server.url,
    apiVersion: service.apiVersion,
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
  });
  return { server, client };
}
