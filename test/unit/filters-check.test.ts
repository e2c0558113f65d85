import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatProblem,
  testFolder,
  testRunPassed,
  validateFolder,
} from '#cli/filters-check.ts';
import { formatCaseResult } from '#cli/filters-report.ts';

const run = promisify(execFile);

const THIRD_VIEW = `event.event_name = 'page_view'
  and $count(history[event_name = 'page_view']) = 3
`;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tripline-filters-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(join(dir, name), text);

const tripline = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, [
      'scripts/tripline.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('filters validate', () => {
  it('reports a syntax error with file, line, column and the JSONata code', async () => {
    // Prepare
    await write('third.jsonata', THIRD_VIEW.replace(']) = 3', '] = 3'));

    // Act
    const validation = await validateFolder(dir);

    // Assess
    expect(validation.problems.map(formatProblem)).toEqual([
      `${join(dir, 'third.jsonata')}:2:51: S0203: Expected ")" before end of expression`,
    ]);
  });

  it('fails on cases without a filter, warns on a filter without cases', async () => {
    // Prepare
    await write('lonely.jsonata', 'true');
    await write('ghost.cases.yaml', 'cases: [{ name: a, events: [{}] }]');

    // Act
    const validation = await validateFolder(dir);

    // Assess
    expect(validation.problems.map((p) => p.message)).toEqual([
      'no filter ghost.jsonata for these cases',
    ]);
    expect(validation.warnings).toEqual([
      `${join(dir, 'lonely.jsonata')}: no test cases`,
    ]);
  });

  it('exits non-zero and prints file:line:column from the command line', async () => {
    // Prepare
    await write('broken.jsonata', "event.event_name = 'a' and (");

    // Act
    const result = await tripline('filters', 'validate', dir);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'broken.jsonata')}:1:`);
    expect(result.stderr).toMatch(/: S0\d{3}: /);
  });
});

describe('filters test', () => {
  it('passes a case whose expectations hold', async () => {
    // Prepare
    await write('third.jsonata', THIRD_VIEW);
    await write(
      'third.cases.yaml',
      'cases:\n  - name: third\n    events: [{}, {}, { fires: true }]\n'
    );

    // Act
    const result = await testFolder(dir);

    // Assess
    expect(result.results.map((r) => r.passed)).toEqual([true]);
    expect(testRunPassed(result)).toBe(true);
  });

  it('fails a wrong expectation and diffs expected against fired events', async () => {
    // Prepare
    await write('third.jsonata', THIRD_VIEW);
    await write(
      'third.cases.yaml',
      'cases:\n  - name: wrong\n    events: [{}, { fires: true }, {}]\n'
    );

    // Act
    const result = await testFolder(dir);

    // Assess
    expect(testRunPassed(result)).toBe(false);
    const [failed] = result.results;
    expect(failed?.passed).toBe(false);
    const lines = failed ? formatCaseResult(failed).join('\n') : '';
    expect(lines).toContain('- #2 page_view');
    expect(lines).toContain('+ #3 page_view');
    expect(lines).toContain('expected to fire on: #2');
    expect(lines).toContain('fired on:            #3');
  });

  it('fails a case when the filter throws on an event', async () => {
    // Prepare
    await write('throws.jsonata', '$substring(event.event_name, "one")');
    await write('throws.cases.yaml', 'cases: [{ name: a, events: [{}] }]');

    // Act
    const result = await testFolder(dir);

    // Assess
    expect(result.results[0]?.passed).toBe(false);
    expect(result.results[0]?.outcomes[0]?.errors[0]).toContain('T0410');
  });

  it('shows the case user and visit to the filter through the profile API', async () => {
    // Prepare
    await write(
      'tw.jsonata',
      "user.country = 'TW' and visit.device = 'mobile'"
    );
    await write(
      'tw.cases.yaml',
      [
        'cases:',
        '  - name: from the stub',
        '    user: { country: TW }',
        '    visit: { device: mobile }',
        '    events: [{ fires: true }]',
      ].join('\n')
    );

    // Act
    const result = await testFolder(dir);

    // Assess
    expect(result.results[0]?.passed).toBe(true);
  });

  it('exits non-zero from the command line when a case fails', async () => {
    // Prepare
    await write('all.jsonata', 'true');
    await write('all.cases.yaml', 'cases: [{ name: never, events: [{}] }]');

    // Act
    const result = await tripline('filters', 'test', dir);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ never');
    expect(result.stdout).toContain('1 case: 0 passed, 1 failed');
  });
});

describe('shipped filters', () => {
  it('pass every case of the examples', async () => {
    // Act
    const result = await testFolder('filters/examples');

    // Assess
    const failed = result.results.filter((r) => !r.passed);
    expect(failed.flatMap(formatCaseResult)).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.triggers.length).toBeGreaterThanOrEqual(30);
  });

  it('pass every case of the live filters folder', async () => {
    // Act
    const result = await testFolder('filters');

    // Assess
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.results.length).toBeGreaterThan(0);
    expect(result.results.every((r) => r.passed)).toBe(true);
  });
});
