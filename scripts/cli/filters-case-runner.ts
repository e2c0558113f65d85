/**
 * @module Running one test case through the real core: `processBatch`
 * with the memory store and the event clock, as `tripline run` does.
 */
import { MemoryCheckpointStore } from '#adapters/memory-checkpoint-store.ts';
import type { HistoryDetailLevel } from '#core/checkpoint.ts';
import type { CompiledTrigger } from '#core/filters.ts';
import { eventClock, staticTriggers } from '#core/ports.ts';
import { processBatch } from '#core/process-batch.ts';
import { CountingMetrics, type LoggerPort } from '#core/telemetry.ts';
import type { TestCase } from './filters-case-events.ts';
import { toReplayRecords } from './run.ts';

/** The core settings a case runs with; match the deployed function's. */
export type CaseRunSettings = {
  readonly historyCap: number;
  readonly ttlMinutes: number;
  /** @default 'full' */
  readonly historyDetail?: HistoryDetailLevel;
};

/** The defaults of the function's configuration. */
export const DEFAULT_CASE_SETTINGS: CaseRunSettings = {
  historyCap: 100,
  ttlMinutes: 10,
};

/** What happened on one event of a case. */
export type EventOutcome = {
  /** 1-based position in the expanded case. */
  readonly index: number;
  readonly label: string;
  readonly line: number | undefined;
  readonly timestamp: number;
  readonly expected: boolean;
  readonly fired: boolean;
  /** Filter errors or decode rejections on this event. */
  readonly errors: string[];
};

/** The result of one case. */
export type CaseResult = {
  readonly trigger: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly passed: boolean;
  readonly outcomes: EventOutcome[];
  /** Problems not tied to one event. */
  readonly problems: string[];
};

type Note = { message: string; extra: Record<string, unknown> };

const collectingLogger = (notes: Note[]): LoggerPort => {
  const collect = (message: string, ...extra: Record<string, unknown>[]) => {
    notes.push({ message, extra: Object.assign({}, ...extra) });
  };

  return {
    debug: () => undefined,
    info: () => undefined,
    warn: collect,
    error: collect,
  };
};

/**
 * Runs a case for one trigger with a fresh in-memory store. The profile
 * API is a stub answering the case's `user`, `visit` and `history`. A
 * case passes when the trigger fires on exactly the events marked
 * `fires: true` and no event meets a filter error.
 */
export const runCase = async (
  trigger: CompiledTrigger,
  testCase: TestCase,
  settings: CaseRunSettings = DEFAULT_CASE_SETTINGS
): Promise<CaseResult> => {
  const notes: Note[] = [];
  const records = toReplayRecords(
    testCase.events.map((step, index) => ({
      origin: `${testCase.file}#${index + 1}`,
      text: JSON.stringify(step.event),
    }))
  );
  const result = await processBatch(records, {
    store: new MemoryCheckpointStore(),
    actions: { emit: async () => new Set<string>() },
    quarantine: { quarantine: async () => [] },
    triggers: staticTriggers([trigger]),
    profiles: {
      enrich: async () => ({
        profile: structuredClone(testCase.user),
        visit: structuredClone(testCase.visit),
        history: structuredClone(testCase.history),
        complete: true,
      }),
    },
    clock: eventClock,
    logger: collectingLogger(notes),
    metrics: new CountingMetrics(),
    historyCap: settings.historyCap,
    historyDetail: settings.historyDetail,
    ttlSeconds: settings.ttlMinutes * 60,
    userConcurrency: 1,
  });

  const fired = new Set(result.actions.map((action) => action.position.offset));
  const errorsAt = new Map<number, string[]>();
  const problems: string[] = [];
  const noteError = (offset: number, message: string) => {
    errorsAt.set(offset, [...(errorsAt.get(offset) ?? []), message]);
  };
  for (const rejected of result.rejected) {
    noteError(rejected.offset, `${rejected.reason}: ${rejected.detail}`);
  }
  for (const note of notes) {
    // Rejections are reported above, from the batch result.
    if (note.message === 'record quarantined') continue;
    const { offset, code, error } = note.extra;
    if (typeof offset === 'number') {
      noteError(offset, `${note.message}: ${String(code)}: ${String(error)}`);
    } else problems.push(`${note.message} ${JSON.stringify(note.extra)}`);
  }
  if (result.failures.length > 0) {
    problems.push('the core left records unfinished');
  }

  const outcomes = testCase.events.map(
    (step, offset): EventOutcome => ({
      index: offset + 1,
      label: step.label,
      line: step.line,
      timestamp: step.event.timestamp,
      expected: step.fires,
      fired: fired.has(offset),
      errors: errorsAt.get(offset) ?? [],
    })
  );
  const passed =
    problems.length === 0 &&
    outcomes.every((o) => o.expected === o.fired && o.errors.length === 0);

  return {
    trigger: trigger.name,
    name: testCase.name,
    file: testCase.file,
    line: testCase.line,
    passed,
    outcomes,
    problems,
  };
};
