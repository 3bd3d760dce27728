import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A lab HTTP server on loopback: where clients reach it, and how to stop it. */
export interface LabHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0: any free port) and resolves once the server accepts connections. */
export async function listenOnLoopback(server: Server, port = 0): Promise<LabHttpServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Both SDKs keep connections alive: without this, close() waits for their idle timeout.
        server.closeAllConnections();
      }),
  };
}
