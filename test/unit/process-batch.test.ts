import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '#adapters/memory-checkpoint-store.ts';
import type { TriggerAction } from '#core/actions.ts';
import { compileTrigger } from '#core/filters.ts';
import type { MskRecord } from '#core/msk.ts';
import {
  type CheckpointStore,
  eventClock,
  staticTriggers,
} from '#core/ports.ts';
import { type PipelineDeps, processBatch } from '#core/process-batch.ts';
import { CountingMetrics, Metric, silentLogger } from '#core/telemetry.ts';

const MINUTE = 60_000;

const record = (
  userId: string,
  n: number,
  timestamp: number,
  partition = 0
): MskRecord => ({
  topic: 'events',
  partition,
  offset: n,
  timestamp,
  timestampType: 'CREATE_TIME',
  value: Buffer.from(
    JSON.stringify({
      event_id: `e${n}`,
      user_id: userId,
      event_type: 'view',
      event_name: 'page_view',
      timestamp,
    })
  ).toString('base64'),
});

const deps = (overrides: Partial<PipelineDeps> = {}) => {
  const emitted: TriggerAction[] = [];
  const metrics = new CountingMetrics();
  const value: PipelineDeps = {
    store: new MemoryCheckpointStore(),
    actions: {
      emit: async (actions) => {
        emitted.push(...actions);
        return new Set();
      },
    },
    quarantine: { quarantine: async () => [] },
    triggers: staticTriggers([
      compileTrigger({
        name: 'second-view',
        file: 'x',
        source: '$count(history) = 2',
      }),
    ]),
    clock: eventClock,
    logger: silentLogger,
    metrics,
    historyCap: 100,
    ttlSeconds: 600,
    userConcurrency: 4,
    ...overrides,
  };
  return { value, emitted, metrics };
};

describe('processBatch', () => {
  it('starts a new checkpoint when the gap between events passes the TTL', async () => {
    const { value, emitted, metrics } = deps();
    const result = await processBatch(
      [
        record('u', 1, 0),
        record('u', 2, 11 * MINUTE),
        record('u', 3, 12 * MINUTE),
      ],
      value
    );
    expect(result.failures).toEqual([]);
    expect(metrics.get(Metric.CHECKPOINTS_EXPIRED)).toBe(1);
    expect(emitted.map((action) => action.detail.event_id)).toEqual(['e3']);
  });

  it('saves nothing and reports the user records when their actions fail', async () => {
    const store = new MemoryCheckpointStore();
    const { value } = deps({
      store,
      actions: {
        emit: async (actions) =>
          new Set(actions.map((a) => a.detail.action_id)),
      },
    });
    const result = await processBatch(
      [record('a', 5, 0), record('a', 6, 1), record('b', 7, 0, 1)],
      value
    );
    expect(result.failures).toEqual([{ partition: 'events-0', offset: 5 }]);
    expect((await store.load(['a', 'b'])).has('a')).toBe(false);
    expect((await store.load(['a', 'b'])).has('b')).toBe(true);
  });

  it('reports the records of a user whose checkpoint changed under it', async () => {
    const inner = new MemoryCheckpointStore();
    const racing: CheckpointStore = {
      load: (ids) => inner.load(ids),
      save: async () => ({ status: 'conflict' }),
    };
    const { value, metrics } = deps({ store: racing });
    const result = await processBatch([record('a', 3, 0, 2)], value);
    expect(result.failures).toEqual([{ partition: 'events-2', offset: 3 }]);
    expect(metrics.get(Metric.CHECKPOINT_CONFLICTS)).toBe(1);
  });

  it('reports a rejected record when the quarantine cannot keep it', async () => {
    const { value } = deps({
      quarantine: { quarantine: async (records) => [...records] },
    });
    const poison: MskRecord = {
      ...record('a', 9, 0),
      value: Buffer.from('nope').toString('base64'),
    };
    const result = await processBatch([record('a', 8, 0), poison], value);
    expect(result.failures).toEqual([{ partition: 'events-0', offset: 9 }]);
    expect(result.processed).toBe(1);
  });

  it('skips a failing filter for the event and still runs the others', async () => {
    const { value, emitted, metrics } = deps({
      triggers: staticTriggers([
        compileTrigger({ name: 'broken', file: 'x', source: '$error("boom")' }),
        compileTrigger({ name: 'always', file: 'y', source: 'true' }),
      ]),
    });
    const result = await processBatch([record('a', 1, 0)], value);
    expect(result.failures).toEqual([]);
    expect(metrics.get(Metric.FILTER_ERRORS)).toBe(1);
    expect(emitted.map((action) => action.detail.trigger)).toEqual(['always']);
  });
});
