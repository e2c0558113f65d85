/**
 * @module A profile API on loopback that records its calls, for tests.
 */
import { listenOnLoopback } from '#local/http-server.ts';

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
  const state = { calls: [] as string[], failing: false };
  const server = await listenOnLoopback((request, response) => {
    const path = request.url ?? '';
    state.calls.push(path);
    const match = /^\/users\/([^/]+)\/(profile|visit|history)$/.exec(path);
    if (state.failing || !match) {
      response.writeHead(state.failing ? 503 : 404).end();
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

  return Object.assign(state, { url: server.url, close: server.close });
};
