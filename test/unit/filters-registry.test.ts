import { describe, expect, it } from 'vitest';
import { FilterListError } from '#core/filter-files.ts';
import { CountingMetrics, Metric } from '#core/telemetry.ts';
import { TriggerRegistry } from '#core/trigger-registry.ts';
import {
  type Logged,
  MemoryFilterFiles,
  recordingLogger,
} from './filters-memory-files.ts';

const setUp = (reloadSeconds = 60) => {
  const files = new MemoryFilterFiles();
  const metrics = new CountingMetrics();
  const logged: Logged[] = [];
  const clock = { now: 0 };
  const registry = new TriggerRegistry({
    files,
    reloadSeconds,
    metrics,
    logger: recordingLogger(logged),
    now: () => clock.now,
  });
  return { files, metrics, logged, clock, registry };
};

const names = async (registry: TriggerRegistry) =>
  (await registry.current()).map((trigger) => trigger.name);

describe('TriggerRegistry', () => {
  it('compiles every listed filter on first use, in name order', async () => {
    // Prepare
    const { files, registry } = setUp();
    files.write('zeta', "event.event_name = 'purchase'");
    files.write('alpha', 'true');

    // Act
    const running = await names(registry);

    // Assess
    expect(running).toEqual(['alpha', 'zeta']);
  });

  it('does not list the files again within the reload interval', async () => {
    // Prepare
    const { files, clock, registry } = setUp(60);
    files.write('a', 'true');
    await registry.current();

    // Act
    clock.now = 59_999;
    await registry.current();
    clock.now = 60_000;
    await registry.current();

    // Assess
    expect(files.lists).toBe(2);
  });

  it('reads no file when the listing shows no change', async () => {
    // Prepare
    const { files, clock, registry } = setUp(1);
    files.write('a', 'true');
    files.write('b', 'false');
    await registry.current();
    const readsAfterLoad = files.reads;

    // Act
    clock.now = 5000;
    await registry.current();

    // Assess
    expect(readsAfterLoad).toBe(2);
    expect(files.reads).toBe(2);
    expect(files.lists).toBe(2);
  });

  it('replaces a trigger whose file changed at the next check', async () => {
    // Prepare
    const { files, clock, registry } = setUp(1);
    files.write('a', 'true');
    const [before] = await registry.current();

    // Act
    files.write('a', "event.event_name = 'purchase'");
    clock.now = 1000;
    const [after] = await registry.current();

    // Assess
    expect(after?.sourceHash).not.toBe(before?.sourceHash);
  });

  it('keeps the last good version when a new one does not compile, and counts it', async () => {
    // Prepare
    const { files, clock, registry, metrics, logged } = setUp(1);
    files.write('a', 'true');
    const [good] = await registry.current();

    // Act
    files.write('a', 'event.event_name = (');
    clock.now = 1000;
    const running = await registry.current();

    // Assess
    expect(running).toEqual([good]);
    expect(metrics.get(Metric.FILTER_RELOAD_ERRORS)).toBe(1);
    const error = logged.find((entry) => entry.level === 'error');
    expect(error?.extra).toMatchObject({
      trigger: 'a',
      file: 'mem/a.jsonata',
      line: 1,
      running: 'mem/a.jsonata',
    });
    expect(error?.extra.column).toBeGreaterThan(1);
  });

  it('does not recompile or recount the same broken version', async () => {
    // Prepare
    const { files, clock, registry, metrics } = setUp(1);
    files.write('a', 'true');
    await registry.current();
    files.write('a', '(');
    clock.now = 1000;
    await registry.current();

    // Act
    clock.now = 2000;
    await registry.current();

    // Assess
    expect(metrics.get(Metric.FILTER_RELOAD_ERRORS)).toBe(1);
    expect(files.reads).toBe(2);
  });

  it('stops a removed trigger and starts a new one', async () => {
    // Prepare
    const { files, clock, registry } = setUp(1);
    files.write('old', 'true');
    await registry.current();

    // Act
    files.files.delete('old');
    files.write('new', 'true');
    clock.now = 1000;
    const summary = await registry.reload();

    // Assess
    expect(await names(registry)).toEqual(['new']);
    expect(summary).toMatchObject({ added: ['new'], removed: ['old'] });
  });

  it('runs the newest older version that compiles when a new file is broken', async () => {
    // Prepare
    const { files, registry } = setUp();
    files.write('a', '(');
    files.older.set('a', ['also broken (', "event.event_name = 'ok'"]);

    // Act
    const [running] = await registry.current();

    // Assess
    expect(running?.file).toBe('mem/a@old1');
  });

  it('runs the other triggers when a new file is broken with no older version', async () => {
    // Prepare
    const { files, registry, metrics } = setUp();
    files.write('broken', '(');
    files.write('fine', 'true');

    // Act
    const running = await names(registry);

    // Assess
    expect(running).toEqual(['fine']);
    expect(metrics.get(Metric.FILTER_RELOAD_ERRORS)).toBe(1);
  });

  it('throws when the very first listing fails', async () => {
    // Prepare
    const { files, registry } = setUp();
    files.failList = true;

    // Act
    const loading = registry.current();

    // Assess
    await expect(loading).rejects.toBeInstanceOf(FilterListError);
  });

  it('keeps the running set when a later listing fails', async () => {
    // Prepare
    const { files, clock, registry, metrics } = setUp(1);
    files.write('a', 'true');
    await registry.current();

    // Act
    files.failList = true;
    clock.now = 1000;
    const running = await names(registry);

    // Assess
    expect(running).toEqual(['a']);
    expect(metrics.get(Metric.FILTER_RELOAD_ERRORS)).toBe(1);
  });

  it('reads an unreadable file again at the next check', async () => {
    // Prepare
    const { files, clock, registry } = setUp(1);
    files.write('a', 'true');
    await registry.current();
    files.write('a', 'false');
    files.failRead = true;
    clock.now = 1000;
    const [stale] = await registry.current();

    // Act
    files.failRead = false;
    clock.now = 2000;
    const [fresh] = await registry.current();

    // Assess
    expect(fresh?.sourceHash).not.toBe(stale?.sourceHash);
  });

  it('keeps the compiled trigger when only the version tag changed', async () => {
    // Prepare
    const { files, clock, registry } = setUp(1);
    files.write('a', 'true');
    const [before] = await registry.current();

    // Act
    files.write('a', 'true');
    clock.now = 1000;
    const [after] = await registry.current();

    // Assess
    expect(after).toBe(before);
  });

  it('shares one check between concurrent callers', async () => {
    // Prepare
    const { files, registry } = setUp();
    files.write('a', 'true');

    // Act
    await Promise.all([registry.current(), registry.current()]);

    // Assess
    expect(files.lists).toBe(1);
  });
});
