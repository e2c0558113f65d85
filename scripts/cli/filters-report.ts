/**
 * @module What `tripline filters validate|test` print: problems, one line
 * per case, a diff of fired events for a failed case, a summary.
 */
import type { CaseResult, EventOutcome } from './filters-case-runner.ts';
import {
  formatProblem,
  type TestRun,
  type Validation,
} from './filters-check.ts';

const count = (n: number, noun: string): string =>
  `${n} ${noun}${n === 1 ? '' : 's'}`;

const describeEvent = (outcome: EventOutcome): string => {
  const line = outcome.line === undefined ? '' : `  (line ${outcome.line})`;
  const at = new Date(outcome.timestamp).toISOString();

  return `#${outcome.index} ${outcome.label} at ${at}${line}`;
};

/**
 * The lines of one case: `✓ name` when it passed; otherwise `✗ name`
 * followed by a diff of fired events (`-` expected to fire but did not,
 * `+` fired but was not expected) and each event's errors.
 */
export const formatCaseResult = (result: CaseResult): string[] => {
  if (result.passed) return [`  ✓ ${result.name}`];

  const lines = [`  ✗ ${result.name}  (${result.file}:${result.line})`];
  const missed = result.outcomes.filter((o) => o.expected && !o.fired);
  const extra = result.outcomes.filter((o) => o.fired && !o.expected);
  if (missed.length + extra.length > 0) {
    lines.push('      fired events (- expected, + actual):');
    const diff = [
      ...missed.map((o) => ({ o, mark: '-' })),
      ...extra.map((o) => ({ o, mark: '+' })),
    ].sort((a, b) => a.o.index - b.o.index);
    for (const { o, mark } of diff) {
      lines.push(`      ${mark} ${describeEvent(o)}`);
    }
    const expected = result.outcomes.filter((o) => o.expected);
    const actual = result.outcomes.filter((o) => o.fired);
    const list = (items: EventOutcome[]) =>
      items.length === 0 ? 'none' : items.map((o) => `#${o.index}`).join(', ');
    lines.push(`      expected to fire on: ${list(expected)}`);
    lines.push(`      fired on:            ${list(actual)}`);
  }
  for (const outcome of result.outcomes) {
    for (const error of outcome.errors) {
      lines.push(`      ! ${describeEvent(outcome)}: ${error}`);
    }
  }
  for (const problem of result.problems) lines.push(`      ! ${problem}`);

  return lines;
};

/** The problem and warning lines of a validation, for stderr. */
export const formatValidationIssues = (validation: Validation): string[] => [
  ...validation.problems.map(formatProblem),
  ...validation.warnings.map((warning) => `warning: ${warning}`),
];

/** The one-line summary of `validate`. */
export const formatValidationSummary = (validation: Validation): string => {
  const cases = validation.caseFiles.reduce((n, f) => n + f.cases.length, 0);
  const errors = validation.problems.length;

  return [
    `${count(validation.triggers.length, 'filter')} compiled`,
    `${count(validation.caseFiles.length, 'case file')} (${count(cases, 'case')}) read`,
    count(errors, 'error'),
  ].join(' · ');
};

/** The case lines of a test run, grouped by case file. */
export const formatTestResults = (run: TestRun): string[] => {
  const lines: string[] = [];
  let file: string | undefined;
  for (const result of run.results) {
    if (result.file !== file) {
      file = result.file;
      lines.push(`${result.trigger}  (${file})`);
    }
    lines.push(...formatCaseResult(result));
  }

  return lines;
};

/** The one-line summary of `test`. */
export const formatTestSummary = (run: TestRun): string => {
  const failed = run.results.filter((result) => !result.passed).length;
  const parts = [
    `${count(run.results.length, 'case')}: ${run.results.length - failed} passed, ${failed} failed`,
    count(run.triggers.length, 'trigger'),
  ];
  if (run.problems.length > 0) parts.push(count(run.problems.length, 'error'));
  if (run.warnings.length > 0) {
    parts.push(count(run.warnings.length, 'warning'));
  }

  return parts.join(' · ');
};
