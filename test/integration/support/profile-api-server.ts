/**
 * @module A profile API on loopback that records its calls, for tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running test profile API. */
export type TestProfileApi = {
  readonly url: string;
  /** Paths requested, in order. */
  readonly calls: string[];
  /** When true, every request answers 503. */
  failing: boolean;
  close(): Promise<void>;
};

/** Starts a profile API answering deterministic parts per user. */
export const startTestProfileApi = async (): Promise<TestProfileApi> => {
  const api: { calls: string[]; failing: boolean; server?: Server } = {
    calls: [],
    failing: false,
  };
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    api.calls.push(path);
    const match = /^\/users\/([^/]+)\/(profile|visit|history)$/.exec(path);
    if (api.failing || !match) {
      response.writeHead(api.failing ? 503 : 404).end();
      return;
    }
    const userId = decodeURIComponent(match[1] ?? '');
    const bodies: Record<string, unknown> = {
      profile: { user_id: userId, country: 'NZ', language: 'en' },
      visit: { uuid: `visit-${userId}`, device: 'mobile', actions: 0 },
      history: [],
    };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(bodies[match[2] ?? '']));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
};
