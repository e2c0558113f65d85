/**
 * @module The profile API over HTTP: profile, visit and history of a user.
 */
import pRetry, { AbortError } from 'p-retry';
import {
  type Enrichment,
  emptyEnrichment,
  type HistoryEntry,
} from '#core/checkpoint.ts';
import { TriplineError } from '#core/errors.ts';
import type { ProfileSource } from '#core/ports.ts';

/** Settings of the profile API client. */
export type HttpProfileSourceOptions = {
  /** Base URL; `/users/{id}/profile|visit|history` are appended. */
  readonly baseUrl: string;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Tries after the first, for network errors, timeouts and 5xx. */
  readonly retries: number;
  readonly minBackoffMs?: number;
};

class ProfileApiError extends TriplineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProfileApiError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const toHistory = (value: unknown): HistoryEntry[] | undefined => {
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.history)
      ? value.history
      : undefined;
  if (!list) return undefined;

  return list.filter(
    (entry): entry is HistoryEntry =>
      isRecord(entry) &&
      typeof entry.event_id === 'string' &&
      typeof entry.event_type === 'string' &&
      typeof entry.timestamp === 'number'
  );
};

/**
 * Calls the three endpoints at once, each with a timeout and retries. A
 * part that still fails is left empty and the enrichment marked
 * incomplete; this never throws.
 */
export class HttpProfileSource implements ProfileSource {
  readonly #options: Required<HttpProfileSourceOptions>;

  constructor(options: HttpProfileSourceOptions) {
    this.#options = {
      minBackoffMs: 50,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  async enrich(userId: string): Promise<Enrichment> {
    const [profile, visit, history] = await Promise.allSettled([
      this.#get(userId, 'profile'),
      this.#get(userId, 'visit'),
      this.#get(userId, 'history'),
    ]);
    const enrichment = emptyEnrichment();
    let complete = true;

    if (profile.status === 'fulfilled' && isRecord(profile.value)) {
      enrichment.profile = profile.value;
    } else complete = false;
    if (visit.status === 'fulfilled' && isRecord(visit.value)) {
      enrichment.visit = visit.value;
    } else complete = false;
    const entries =
      history.status === 'fulfilled' ? toHistory(history.value) : undefined;
    if (entries) enrichment.history = entries;
    else complete = false;

    return { ...enrichment, complete };
  }

  async #get(userId: string, part: string): Promise<unknown> {
    const url = `${this.#options.baseUrl}/users/${encodeURIComponent(userId)}/${part}`;

    return pRetry(
      async () => {
        const response = await fetch(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        if (response.status >= 500 || response.status === 429) {
          throw new ProfileApiError(`GET ${url} answered ${response.status}`);
        }
        if (!response.ok) {
          throw new AbortError(
            new ProfileApiError(`GET ${url} answered ${response.status}`)
          );
        }
        return response.json();
      },
      {
        retries: this.#options.retries,
        minTimeout: this.#options.minBackoffMs,
        factor: 2,
      }
    );
  }
}
