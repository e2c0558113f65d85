/**
 * @module The bench workload: about 1 KB tracking events shaped like the
 * reference samples, from Zipf-skewed users, as MSK records on 4 partitions.
 */
import type { UserEvent } from '#core/event.ts';
import type { MskRecord } from '#core/msk.ts';
import {
  CAMPAIGNS,
  customParams,
  PLATFORMS,
  pickKind,
  VISIT_GAP_MS,
} from './event-catalog.ts';
import {
  pickOne,
  type Random,
  randomUuid,
  seededRandom,
  zipfSampler,
} from './random.ts';

type UserState = {
  sessionId: string;
  lastMs: number;
  campaign: (typeof CAMPAIGNS)[number];
  device: (typeof PLATFORMS)[number];
  first: boolean;
};

/** What shapes a generated workload. */
export type WorkloadOptions = {
  readonly seed: number;
  readonly users: number;
  /** 1 is classic Zipf: the top one of 10,000 users sends about 10%. */
  readonly zipfExponent: number;
  /** Simulated arrival rate over all users; sets gaps and TTL expiries. */
  readonly eventsPerSecond: number;
  /** Timestamp of the first event (epoch ms). */
  readonly startMs: number;
  readonly topic: string;
  readonly partitions: number;
};

/** The workload every figure of the bench is measured on. */
export const REFERENCE_WORKLOAD: WorkloadOptions = {
  seed: 20_250_101,
  users: 10_000,
  zipfExponent: 1,
  eventsPerSecond: 200,
  startMs: Date.UTC(2025, 0, 1),
  topic: 'user-tracking-events',
  partitions: 4,
};

/** Generated events, their JSON text and the MSK records carrying them. */
export type Workload = {
  readonly events: UserEvent[];
  readonly records: MskRecord[];
  /** Mean size of an event's JSON text, in bytes. */
  readonly meanEventBytes: number;
};

/** The partition of a user's events: FNV-1a of the key, as a keyed producer. */
export const partitionOf = (userId: string, partitions: number): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) {
    hash = Math.imul(hash ^ userId.charCodeAt(index), 0x01000193);
  }

  return (hash >>> 0) % partitions;
};

/** The id of the user at Zipf rank `rank`. */
export const userIdOf = (rank: number): string =>
  `user_${String(rank + 1).padStart(5, '0')}`;

const nextEvent = (
  random: Random,
  userId: string,
  state: UserState,
  timestamp: number
): UserEvent => {
  const kind = pickKind(random);
  const isNewVisit = timestamp - state.lastMs > VISIT_GAP_MS;
  if (isNewVisit) {
    state.sessionId = randomUuid(random);
    state.campaign = pickOne(random, CAMPAIGNS);
  }
  const event: UserEvent = {
    event_id: randomUuid(random),
    user_id: userId,
    domain: 'shop.example.com',
    is_first_in_visit: isNewVisit,
    is_last_in_visit: false,
    is_first_event: state.first,
    is_current: true,
    event_name: kind.name,
    event_displayname: kind.display,
    integration: state.device.integration,
    app: state.device.app,
    platform: state.device.platform,
    is_https: true,
    event_type: kind.type,
    duration: isNewVisit ? 0 : timestamp - state.lastMs,
    timestamp,
    triggerable: true,
    parameters: {
      custom_params: {
        ...customParams(kind.name, random),
        session_id: state.sessionId,
        user_agent: state.device.agent,
        screen_resolution: state.device.screen,
        viewport: state.device.screen,
        timezone: 'America/New_York',
        locale: 'en-US',
      },
      ...state.campaign,
    },
  };
  state.first = false;
  state.lastMs = timestamp;

  return event;
};

/**
 * Generates `count` events, deterministic for the options' seed, and the
 * MSK records that carry them: offsets count up per partition, and the
 * records are in arrival order, as an event source mapping reads them.
 */
export const generateWorkload = (
  count: number,
  options: WorkloadOptions = REFERENCE_WORKLOAD
): Workload => {
  const random = seededRandom(options.seed);
  const users = zipfSampler(options.users, options.zipfExponent, random);
  const states = new Map<string, UserState>();
  const offsets = new Array<number>(options.partitions).fill(0);
  const events: UserEvent[] = [];
  const records: MskRecord[] = [];
  let timestamp = options.startMs;
  let bytes = 0;

  for (let index = 0; index < count; index++) {
    const gap = -Math.log(1 - random()) * (1000 / options.eventsPerSecond);
    timestamp += Math.max(1, Math.round(gap));
    const userId = userIdOf(users.sample());
    let state = states.get(userId);
    if (!state) {
      state = {
        sessionId: '',
        lastMs: Number.NEGATIVE_INFINITY,
        campaign: CAMPAIGNS[3],
        device: pickOne(random, PLATFORMS),
        first: true,
      };
      states.set(userId, state);
    }
    const event = nextEvent(random, userId, state, timestamp);
    const text = Buffer.from(JSON.stringify(event));
    const partition = partitionOf(userId, options.partitions);
    const offset = offsets[partition] ?? 0;
    offsets[partition] = offset + 1;
    bytes += text.length;
    events.push(event);
    records.push({
      topic: options.topic,
      partition,
      offset,
      timestamp,
      timestampType: 'CREATE_TIME',
      key: Buffer.from(userId).toString('base64'),
      value: text.toString('base64'),
      headers: [],
    });
  }

  return { events, records, meanEventBytes: count ? bytes / count : 0 };
};
