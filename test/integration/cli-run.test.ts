import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

const tripline = (args: string[]) =>
  run(process.execPath, ['scripts/tripline.ts', ...args]).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error
  );

describe('tripline run', () => {
  it('prints one JSON line per fired trigger and a summary on stderr', async () => {
    const { code, stdout, stderr } = await tripline([
      'run',
      '--json',
      'test-data',
    ]);

    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        trigger: 'third-page-view',
        user_id: 'user123',
        event_id: 'evt-pv-003',
        action_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(JSON.parse(stderr.trim().split('\n').at(-1) ?? '')).toEqual({
      events: 8,
      invalid: 0,
      fired: 1,
      filter_errors: 0,
    });
  });

  it('reports invalid input with its reason and goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tripline-run-'));
    const lines = [
      JSON.stringify({
        event_id: 'a',
        user_id: 'u',
        event_type: 't',
        timestamp: 1,
      }),
      '{not json',
      JSON.stringify({ event_id: 'b', event_type: 't', timestamp: 2 }),
    ];
    await writeFile(join(dir, 'events.jsonl'), lines.join('\n'));

    const { code, stderr } = await tripline(['run', dir]);

    expect(code).toBe(0);
    expect(stderr).toContain('events.jsonl:2: INVALID_JSON');
    expect(stderr).toMatch(/events\.jsonl:3: INVALID_EVENT: user_id/);
    expect(stderr).toContain('"events":1,"invalid":2');
  });

  it('replays TTL expiry on event time the same way every time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tripline-ttl-'));
    const view = (n: number, minute: number) =>
      JSON.stringify({
        event_id: `v${n}`,
        user_id: 'u',
        event_type: 'pageview',
        event_name: 'page_view',
        timestamp: minute * 60_000,
      });
    await writeFile(
      join(dir, 'views.jsonl'),
      [view(1, 0), view(2, 1), view(3, 30), view(4, 31), view(5, 32)].join('\n')
    );

    const first = await tripline(['run', '--json', dir]);
    const second = await tripline(['run', '--json', dir]);
    const longer = await tripline([
      'run',
      '--json',
      '--ttl-minutes',
      '60',
      dir,
    ]);

    const fired = (out: string) =>
      out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).event_id);
    expect(fired(first.stdout)).toEqual(['v5']);
    expect(second.stdout).toBe(first.stdout);
    expect(fired(longer.stdout)).toEqual(['v3']);
  });

  it('exits non-zero with the position when a filter does not compile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tripline-filters-'));
    await writeFile(join(dir, 'broken.jsonata'), 'event.event_name = (');

    const { code, stderr } = await tripline([
      'run',
      '--filters',
      dir,
      'test-data',
    ]);

    expect(code).not.toBe(0);
    expect(stderr).toMatch(/broken\.jsonata:1:\d+: S0\d{3}/);
  });
});
