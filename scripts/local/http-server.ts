/**
 * @module Starting and stopping the local loop's small HTTP servers on
 * loopback.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on loopback. */
export type LoopbackServer = {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
};

/**
 * Listens on `127.0.0.1:<port>`; port 0 picks a free one.
 */
export const listenOnLoopback = async (
  listener: RequestListener,
  port = 0
): Promise<LoopbackServer> => {
  const server = createServer(listener);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    server,
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Reads a request body as text, up to `limitBytes`. */
export const readBody = async (
  request: IncomingMessage,
  limitBytes = 1024 * 1024
): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) break;
    chunks.push(buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
};
