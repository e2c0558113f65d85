/**
 * @module A webhook receiver that records every delivery (headers and
 * body), prints it, and shows what it got at `GET /deliveries`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type LoopbackServer,
  listenOnLoopback,
  readBody,
} from './http-server.ts';

/** One request the receiver got. */
export type WebhookDelivery = {
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  readonly receivedAt: string;
};

/** Options of {@link startWebhookReceiver}. */
export type WebhookReceiverOptions = {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Status answered to every delivery. @default 200 */
  readonly status?: number;
  /** Called with each delivery, e.g. to print it. */
  readonly onDelivery?: (delivery: WebhookDelivery) => void;
};

/** A running webhook receiver. */
export type WebhookReceiver = LoopbackServer & {
  /** Every delivery so far, oldest first. */
  readonly deliveries: readonly WebhookDelivery[];
  /**
   * Resolves with the deliveries once `count` match `predicate`; rejects
   * after `timeoutMs`.
   */
  waitFor(
    count: number,
    options?: {
      readonly timeoutMs?: number;
      readonly predicate?: (delivery: WebhookDelivery) => boolean;
    }
  ): Promise<WebhookDelivery[]>;
  /** Forgets the deliveries received so far. */
  clear(): void;
};

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Starts the receiver on loopback. `POST`/`PUT` to any path is recorded;
 * `GET /deliveries` answers the recorded deliveries as JSON and
 * `DELETE /deliveries` clears them.
 *
 * @example
 * ```ts
 * const receiver = await startWebhookReceiver({ onDelivery: console.log });
 * const [delivery] = await receiver.waitFor(1, { timeoutMs: 10_000 });
 * ```
 */
export const startWebhookReceiver = async (
  options: WebhookReceiverOptions = {}
): Promise<WebhookReceiver> => {
  const deliveries: WebhookDelivery[] = [];
  const server = await listenOnLoopback(async (request, response) => {
    const path = request.url ?? '/';
    if (path === '/deliveries' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(deliveries));
      return;
    }
    if (path === '/deliveries' && request.method === 'DELETE') {
      deliveries.length = 0;
      response.writeHead(204).end();
      return;
    }

    const delivery: WebhookDelivery = {
      method: request.method ?? 'POST',
      path,
      headers: request.headers,
      body: parseBody(await readBody(request)),
      receivedAt: new Date().toISOString(),
    };
    deliveries.push(delivery);
    options.onDelivery?.(delivery);
    response.writeHead(options.status ?? 200, {
      'content-type': 'application/json',
    });
    response.end('{"received":true}');
  }, options.port);

  return {
    ...server,
    deliveries,
    clear: () => {
      deliveries.length = 0;
    },
    waitFor: async (count, { timeoutMs = 15_000, predicate } = {}) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = predicate ? deliveries.filter(predicate) : deliveries;
        if (matching.length >= count) return [...matching];
        if (Date.now() > deadline) {
          throw new Error(
            `webhook receiver got ${matching.length} matching deliveries ` +
              `within ${timeoutMs} ms; expected ${count}`
          );
        }
        await sleep(100);
      }
    },
  };
};
