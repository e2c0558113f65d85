import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder, testRunPassed } from '#cli/filters-check.ts';

const withExample = async (name: string): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'tripline-detail-'));
  for (const suffix of ['.jsonata', '.cases.yaml']) {
    await cp(
      join('filters/examples', `${name}${suffix}`),
      join(dir, `${name}${suffix}`)
    );
  }
  return dir;
};

describe('filters test at a history detail level', () => {
  it('fails a filter that reads past parameters when history keeps none', async () => {
    const dir = await withExample('product-viewed-three-times');

    const full = await testFolder(dir, { historyCap: 100, ttlMinutes: 10 });
    const minimal = await testFolder(dir, {
      historyCap: 100,
      ttlMinutes: 10,
      historyDetail: 'minimal',
    });

    expect(testRunPassed(full)).toBe(true);
    expect(testRunPassed(minimal)).toBe(false);
  });

  it('passes a filter on event names alone at every level', async () => {
    const dir = await withExample('fifth-page-view');

    for (const historyDetail of ['full', 'utm', 'minimal'] as const) {
      const run = await testFolder(dir, {
        historyCap: 100,
        ttlMinutes: 10,
        historyDetail,
      });
      expect(testRunPassed(run)).toBe(true);
    }
  });
});
