/** Starting and stopping one HTTP server of the local workspace (the workspace API or the Pro API). */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  /** `http://host:port`, with the port actually bound (a free one when asked for 0). */
  url: string;
  /** Stops accepting connections and resolves once requests under way have finished. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` with the timeouts every server of ours uses. Rejects with the socket
 * error (EADDRINUSE, EACCES...) when the port cannot be bound.
 */
export async function listen(handler: RequestListener, host: string, port: number): Promise<Listening> {
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      (closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        // Idle keep-alive connections would hold close() open; requests under way finish first.
        server.closeIdleConnections();
      })),
  };
}
