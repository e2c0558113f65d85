/**
 * @module Turning the shorthand of a test case into full events: merge
 * over a default event, fill ids and timestamps, expand `repeat`.
 */
import {
  type HistoryEntry,
  type Profile,
  toHistoryEntry,
  type Visit,
} from '#core/checkpoint.ts';
import { type UserEvent, userEventSchema } from '#core/event.ts';

/** A JSON object as written in a case file. */
export type Fields = Record<string, unknown>;

/** One step of a case as written: event fields plus the step's controls. */
export type CaseStep = Fields & {
  fires?: boolean | undefined;
  repeat?: number | undefined;
  after?: number | string | undefined;
  timestamp?: number | string | undefined;
};

/** One event of an expanded case and whether the trigger must fire on it. */
export type CaseEvent = {
  readonly event: UserEvent;
  readonly fires: boolean;
  /** Line of its step in the case file, when known. */
  readonly line: number | undefined;
  /** `event_name`, else `event_type`: how messages name it. */
  readonly label: string;
};

/** A test case ready to run: a fresh user, its profile and its events. */
export type TestCase = {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly user: Profile;
  readonly visit: Visit;
  /** What the profile API returns as the user's earlier history. */
  readonly history: HistoryEntry[];
  readonly events: CaseEvent[];
};

/** Where a case's events start when neither it nor its file says. */
export const DEFAULT_START = Date.parse('2025-01-06T10:00:00.000Z');

/** Gap between two events when a step gives no `after`. */
export const DEFAULT_GAP_MS = 1000;

/** Gap between two earlier-history entries, counted back from the start. */
export const HISTORY_GAP_MS = 60_000;

/**
 * The event every step starts from: a web page view of `test-user`.
 * A case file's `event` is merged over it, then the case's, then the
 * step's own fields.
 */
export const DEFAULT_EVENT: Readonly<Fields> = Object.freeze({
  user_id: 'test-user',
  event_type: 'pageview',
  event_name: 'page_view',
  domain: 'example.com',
  integration: 'web',
  app: 'website',
  platform: 'web',
  is_https: true,
  is_current: true,
  is_first_event: false,
  is_first_in_visit: false,
  is_last_in_visit: false,
  duration: 0,
  triggerable: true,
  parameters: { custom_params: {} },
});

const CONTROLS = new Set(['fires', 'repeat', 'after', 'timestamp']);
const UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A duration pattern: a whole number and a unit, e.g. `90s`, `11m`. */
export const DURATION = /^(\d+)(ms|s|m|h|d)$/;

const isPlainObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges `patch` over `base`, recursing into objects. Arrays and scalars
 * replace; a `null` in the patch removes the field.
 */
export const mergeFields = (base: Fields, patch: Fields): Fields => {
  const merged: Fields = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(current)) {
      merged[key] = mergeFields(current, value);
    } else merged[key] = structuredClone(value);
  }

  return merged;
};

/** Milliseconds of a duration given as a number (ms) or e.g. `"90s"`. */
export const durationMs = (value: number | string): number => {
  if (typeof value === 'number') return value;
  const match = DURATION.exec(value);

  return Number(match?.[1]) * (UNITS_MS[match?.[2] ?? ''] ?? Number.NaN);
};

/** Epoch ms of a time given as epoch ms or an ISO 8601 string. */
export const timeMs = (value: number | string): number =>
  typeof value === 'number' ? value : Date.parse(value);

const eventFields = (step: Fields): Fields =>
  Object.fromEntries(
    Object.entries(step).filter(([key]) => !CONTROLS.has(key))
  );

/** An expanded step whose event does not match the event schema. */
export type StepProblem = {
  readonly path: (string | number)[];
  readonly message: string;
};

const validEvent = (
  fields: Fields,
  path: (string | number)[]
): { event: UserEvent } | { problem: StepProblem } => {
  const parsed = userEventSchema.safeParse(fields);
  if (parsed.success) return { event: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  const message = `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`;

  return { problem: { path, message: `the event is not valid: ${message}` } };
};

/** What {@link expandCase} needs besides the steps. */
export type CaseInput = {
  readonly base: Fields;
  readonly start: number;
  readonly history: readonly CaseStep[];
  readonly events: readonly CaseStep[];
  /** Line of a step, by its path in the case file. */
  readonly lineOf: (path: (string | number)[]) => number | undefined;
  /** Path of the case in the file, e.g. `['cases', 2]`. */
  readonly path: (string | number)[];
};

/**
 * Expands a case's steps into events: each step merged over `base`,
 * repeated `repeat` times, `after` (default 1 s) past the one before,
 * with `event_id` `evt-N` unless given. Earlier history entries are
 * built the same way and dated before the start, one minute apart.
 */
export const expandCase = (
  input: CaseInput
): { history: HistoryEntry[]; events: CaseEvent[] } | StepProblem => {
  const history: HistoryEntry[] = [];
  const priorCount = input.history.reduce((n, s) => n + (s.repeat ?? 1), 0);
  for (const [index, step] of input.history.entries()) {
    for (let copy = 0; copy < (step.repeat ?? 1); copy++) {
      const at = input.start - (priorCount - history.length) * HISTORY_GAP_MS;
      const fields = mergeFields(input.base, {
        event_id: `earlier-${history.length + 1}`,
        timestamp: step.timestamp === undefined ? at : timeMs(step.timestamp),
        ...eventFields(step),
      });
      const valid = validEvent(fields, [...input.path, 'history', index]);
      if ('problem' in valid) return valid.problem;
      history.push(toHistoryEntry(valid.event));
    }
  }

  const events: CaseEvent[] = [];
  let clock: number | undefined;
  for (const [index, step] of input.events.entries()) {
    const path = [...input.path, 'events', index];
    for (let copy = 0; copy < (step.repeat ?? 1); copy++) {
      const gap =
        step.after === undefined ? DEFAULT_GAP_MS : durationMs(step.after);
      clock =
        clock === undefined
          ? input.start + (step.after ? gap : 0)
          : clock + gap;
      if (step.timestamp !== undefined && copy === 0)
        clock = timeMs(step.timestamp);
      const fields = mergeFields(input.base, {
        event_id: `evt-${events.length + 1}`,
        timestamp: clock,
        ...eventFields(step),
      });
      const valid = validEvent(fields, path);
      if ('problem' in valid) return valid.problem;
      events.push({
        event: valid.event,
        fires: step.fires ?? false,
        line: input.lineOf(path),
        label: valid.event.event_name ?? valid.event.event_type,
      });
    }
  }

  return { history, events };
};
