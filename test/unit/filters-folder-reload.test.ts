import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderFilterFiles } from '#adapters/folder-filter-files.ts';
import { TriggerRegistry } from '#core/trigger-registry.ts';

let dir: string;
const clock = { now: 0 };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tripline-folder-'));
  clock.now = 0;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const registryOn = (folder: string) =>
  new TriggerRegistry({
    files: new FolderFilterFiles(folder),
    reloadSeconds: 1,
    now: () => clock.now,
  });

describe('a folder of filters behind the reloading registry', () => {
  it('lists only *.jsonata files directly in the folder', async () => {
    // Prepare
    await writeFile(join(dir, 'live.jsonata'), 'true');
    await writeFile(join(dir, 'live.cases.yaml'), 'cases: []');
    await mkdir(join(dir, 'examples'));
    await writeFile(join(dir, 'examples', 'demo.jsonata'), 'true');

    // Act
    const entries = await new FolderFilterFiles(dir).list();

    // Assess
    expect(entries.map((entry) => entry.name)).toEqual(['live']);
  });

  it('picks up an edited file at the next check, by modification time', async () => {
    // Prepare
    const file = join(dir, 'a.jsonata');
    await writeFile(file, 'true');
    const registry = registryOn(dir);
    const [before] = await registry.current();

    // Act
    await writeFile(file, "event.event_name = 'purchase'");
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    clock.now = 1000;
    const [after] = await registry.current();

    // Assess
    expect(after?.sourceHash).not.toBe(before?.sourceHash);
  });

  it('stops the trigger of a deleted file', async () => {
    // Prepare
    await writeFile(join(dir, 'a.jsonata'), 'true');
    await writeFile(join(dir, 'b.jsonata'), 'true');
    const registry = registryOn(dir);
    await registry.current();

    // Act
    await rm(join(dir, 'a.jsonata'));
    clock.now = 1000;
    const running = await registry.current();

    // Assess
    expect(running.map((trigger) => trigger.name)).toEqual(['b']);
  });
});
