/**
 * @module Checking a folder of filters: compile every `*.jsonata`, read
 * every case file, run every case.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTriggerSources } from '#adapters/folder-filter-files.ts';
import { describeError, FilterCompileError } from '#core/errors.ts';
import { type CompiledTrigger, compileTrigger } from '#core/filters.ts';
import { CASE_FILE, type CaseFile, readCaseFile } from './filters-case-file.ts';
import {
  type CaseResult,
  type CaseRunSettings,
  DEFAULT_CASE_SETTINGS,
  runCase,
} from './filters-case-runner.ts';
import { CaseFileError, type FilePosition } from './filters-errors.ts';

/** A problem that fails `validate`: where it is and what is wrong. */
export type Problem = FilePosition & { readonly message: string };

/** What `validate` found in a folder. */
export type Validation = {
  readonly triggers: CompiledTrigger[];
  readonly caseFiles: CaseFile[];
  readonly problems: Problem[];
  /** Not failures: e.g. a trigger with no test cases. */
  readonly warnings: string[];
};

/** What `test` found: the validation and one result per case run. */
export type TestRun = Validation & { readonly results: CaseResult[] };

/** Formats a problem the way compilers do: `file:line:column: message`. */
export const formatProblem = (problem: Problem): string =>
  `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;

const problemOf = (error: unknown, file: string): Problem => {
  if (error instanceof FilterCompileError || error instanceof CaseFileError) {
    const prefix = `${error.file}:${error.line}:${error.column}: `;
    return {
      file: error.file,
      line: error.line,
      column: error.column,
      message: error.message.startsWith(prefix)
        ? error.message.slice(prefix.length)
        : error.message,
    };
  }

  return { file, line: 1, column: 1, message: describeError(error) };
};

/**
 * Compiles every `*.jsonata` directly in `dir` and reads every case file
 * beside them (`<trigger>.cases.yaml|yml|json`). Sub-folders are not
 * read, like the deployed function. Never throws for a bad file: each
 * one becomes a {@link Problem}.
 */
export const validateFolder = async (
  dir: string,
  { timeoutMs = 1000 }: { timeoutMs?: number } = {}
): Promise<Validation> => {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const triggers: CompiledTrigger[] = [];
  const sources = await readTriggerSources(dir);
  for (const source of sources) {
    try {
      triggers.push(compileTrigger(source, { timeoutMs }));
    } catch (error) {
      problems.push(problemOf(error, source.file));
    }
  }

  const names = new Set(sources.map((source) => source.name));
  const caseFiles: CaseFile[] = [];
  const seen = new Map<string, string>();
  const files = (await readdir(dir)).filter((name) => CASE_FILE.test(name));
  for (const name of files.sort()) {
    const file = join(dir, name);
    const trigger = CASE_FILE.exec(name)?.[1] ?? name;
    const other = seen.get(trigger);
    if (other) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message: `${other} already holds the cases of "${trigger}"; keep one file`,
      });
      continue;
    }
    seen.set(trigger, file);
    if (!names.has(trigger)) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message: `no filter ${trigger}.jsonata for these cases`,
      });
      continue;
    }
    try {
      caseFiles.push(await readCaseFile(file));
    } catch (error) {
      problems.push(problemOf(error, file));
    }
  }
  for (const name of [...names].sort()) {
    if (!seen.has(name)) {
      warnings.push(`${join(dir, `${name}.jsonata`)}: no test cases`);
    }
  }

  return { triggers, caseFiles, problems, warnings };
};

/**
 * Validates `dir`, then runs every case of every trigger that compiled.
 * Cases of a trigger that did not compile are not run (its problem is
 * already reported).
 */
export const testFolder = async (
  dir: string,
  settings: CaseRunSettings = DEFAULT_CASE_SETTINGS
): Promise<TestRun> => {
  const validation = await validateFolder(dir);
  const byName = new Map(validation.triggers.map((t) => [t.name, t]));
  const results: CaseResult[] = [];
  for (const caseFile of validation.caseFiles) {
    const trigger = byName.get(caseFile.trigger);
    if (!trigger) continue;
    for (const testCase of caseFile.cases) {
      results.push(await runCase(trigger, testCase, settings));
    }
  }

  return { ...validation, results };
};

/** Whether a test run has no problem and no failed case. */
export const testRunPassed = (run: TestRun): boolean =>
  run.problems.length === 0 && run.results.every((result) => result.passed);
