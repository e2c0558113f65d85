/**
 * @module A mock of the profile API: `GET /users/{id}/profile|visit|history`
 * with answers that depend only on the user id, and configurable latency
 * and failure rate to rehearse degradation.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LoopbackServer, listenOnLoopback } from './http-server.ts';

/** Options of {@link startMockProfileApi}. */
export type MockProfileApiOptions = {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Delay before each answer. @default 0 */
  readonly latencyMs?: number;
  /** Share of requests answered with HTTP 503, from 0 to 1. @default 0 */
  readonly failureRate?: number;
  /** Replaces `Math.random` for the failure draw, for tests. */
  readonly random?: () => number;
};

/** A running mock profile API. */
export type MockProfileApi = LoopbackServer & {
  /** Requests answered so far, failures included. */
  readonly requests: () => number;
};

const COUNTRIES = [
  {
    country: 'TW',
    city: 'Taipei',
    language: 'zh-TW',
    continent: 'Asia',
    timezone: 'Asia/Taipei',
  },
  {
    country: 'US',
    city: 'Seattle',
    language: 'en-US',
    continent: 'North America',
    timezone: 'America/Los_Angeles',
  },
  {
    country: 'FR',
    city: 'Lyon',
    language: 'fr-FR',
    continent: 'Europe',
    timezone: 'Europe/Paris',
  },
  {
    country: 'BR',
    city: 'Recife',
    language: 'pt-BR',
    continent: 'South America',
    timezone: 'America/Recife',
  },
  {
    country: 'JP',
    city: 'Osaka',
    language: 'ja-JP',
    continent: 'Asia',
    timezone: 'Asia/Tokyo',
  },
] as const;
const DEVICES = [
  { os: 'iOS', browser: 'Safari', device: 'mobile', screen: '390x844' },
  { os: 'Android', browser: 'Chrome', device: 'mobile', screen: '412x915' },
  { os: 'Windows', browser: 'Edge', device: 'desktop', screen: '1920x1080' },
  { os: 'macOS', browser: 'Firefox', device: 'desktop', screen: '1512x982' },
] as const;
const REFERRERS = ['direct', 'search', 'social', 'email'] as const;
/**
 * Past events carry no `page_view`, so a filter counting page views in the
 * history counts only the ones the user sends.
 */
const PAST_EVENTS = [
  { event_name: 'login', event_type: 'auth' },
  { event_name: 'search', event_type: 'track' },
] as const;
/** 2024-01-01T00:00:00Z: the mock's fixed "now" keeps answers stable. */
const BASE_TIME = 1_704_067_200_000;

const digest = (userId: string): Buffer =>
  createHash('sha256').update(userId).digest();

const pick = <T>(items: readonly T[], byte: number): T =>
  items[byte % items.length] as T;

/** The profile the mock returns for a user. */
export const mockProfile = (userId: string): Record<string, unknown> => ({
  user_id: userId,
  ...pick(COUNTRIES, digest(userId)[0] ?? 0),
});

/** The current visit the mock returns for a user. */
export const mockVisit = (userId: string): Record<string, unknown> => {
  const hash = digest(userId);
  const referrerType = pick(REFERRERS, hash[2] ?? 0);
  const hex = hash.toString('hex');

  return {
    uuid: [
      hex.slice(0, 8),
      hex.slice(8, 12),
      `4${hex.slice(13, 16)}`,
      `8${hex.slice(17, 20)}`,
      hex.slice(20, 32),
    ].join('-'),
    timestamp: BASE_TIME - (hash.readUInt16BE(4) % 3600) * 1000,
    ...pick(DEVICES, hash[1] ?? 0),
    landing_page: `/landing/${(hash[3] ?? 0) % 10}`,
    referrer_type: referrerType,
    referrer_url:
      referrerType === 'direct' ? '' : `https://${referrerType}.example.com/`,
    referrer_query: referrerType === 'search' ? 'q=tripline' : '',
    duration: (hash[6] ?? 0) * 1000,
    actions: 0,
    is_first_visit: (hash[7] ?? 0) % 2 === 0,
    ip: `192.0.2.${(hash[8] ?? 0) % 254 || 1}`,
  };
};

/** The past events the mock returns for a user: logins and searches. */
export const mockHistory = (userId: string): Record<string, unknown>[] => {
  const hash = digest(userId);
  const count = (hash[9] ?? 0) % 4;

  return Array.from({ length: count }, (_, index) => ({
    event_id: `past-${hash.toString('hex').slice(0, 12)}-${index}`,
    ...pick(PAST_EVENTS, index),
    timestamp: BASE_TIME - (count - index) * 86_400_000,
    parameters: {},
  }));
};

const ROUTE = /^\/users\/([^/]+)\/(profile|visit|history)\/?$/;
const BUILDERS = {
  profile: mockProfile,
  visit: mockVisit,
  history: mockHistory,
} as const;

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * Starts the mock profile API on loopback.
 *
 * @example
 * ```ts
 * const api = await startMockProfileApi({ latencyMs: 50, failureRate: 0.1 });
 * // TRIPLINE_PROFILE_API_URL=api.url
 * await api.close();
 * ```
 */
export const startMockProfileApi = async (
  options: MockProfileApiOptions = {}
): Promise<MockProfileApi> => {
  const random = options.random ?? Math.random;
  let requests = 0;
  const server = await listenOnLoopback(async (request, response) => {
    requests++;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = ROUTE.exec(url.pathname);
    if (request.method !== 'GET' || !match?.[1] || !match[2]) {
      send(response, 404, {
        message: 'expected GET /users/{id}/profile|visit|history',
      });
      return;
    }
    if (options.latencyMs) await sleep(options.latencyMs);
    if (random() < (options.failureRate ?? 0)) {
      send(response, 503, { message: 'mock failure' });
      return;
    }

    const userId = decodeURIComponent(match[1]);
    const part = match[2] as keyof typeof BUILDERS;
    send(response, 200, BUILDERS[part](userId));
  }, options.port);

  return { ...server, requests: () => requests };
};
