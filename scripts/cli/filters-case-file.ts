/**
 * @module Reading a trigger's test-case file (`<trigger>.cases.yaml`):
 * YAML or JSON, checked against the case format with positions.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
} from 'yaml';
import * as z from 'zod';
import {
  type CaseStep,
  DEFAULT_EVENT,
  DEFAULT_START,
  DURATION,
  expandCase,
  type Fields,
  mergeFields,
  type TestCase,
  timeMs,
} from './filters-case-events.ts';
import { CaseFileError } from './filters-errors.ts';

/** File names of test cases: `<trigger>.cases.yaml`, `.yml` or `.json`. */
export const CASE_FILE = /^(.+)\.cases\.(ya?ml|json)$/;

/** A trigger's cases, read and expanded. */
export type CaseFile = {
  readonly file: string;
  readonly trigger: string;
  readonly cases: TestCase[];
};

const time = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time' }),
]);
const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(DURATION, 'expected a duration such as 500ms, 30s, 11m'),
]);
const fields = z.record(z.string(), z.unknown());
const repeat = z.number().int().min(1).max(1000).optional();

const historyStep = z.looseObject({
  repeat,
  timestamp: time.optional(),
  fires: z
    .undefined({ error: '"fires" has no meaning in earlier history' })
    .optional(),
  after: z
    .undefined({ error: '"after" has no meaning in earlier history' })
    .optional(),
});

const eventStep = z.looseObject({
  fires: z.boolean().optional(),
  repeat,
  after: duration.optional(),
  timestamp: time.optional(),
});

const caseSchema = z.strictObject({
  name: z.string().min(1),
  start: time.optional(),
  event: fields.optional(),
  user: fields.optional(),
  visit: fields.optional(),
  history: z.array(historyStep).optional(),
  events: z.array(eventStep).min(1, 'a case needs at least one event'),
});

/** The shape of a case file, checked with unknown keys rejected. */
export const caseFileSchema = z.strictObject({
  start: time.optional(),
  event: fields.optional(),
  user: fields.optional(),
  visit: fields.optional(),
  cases: z.array(caseSchema).min(1, 'a case file needs at least one case'),
});

type Path = (string | number)[];

type Ranged = { range?: [number, number, number] | null };

const positionOf = (
  doc: Document,
  counter: LineCounter,
  path: Path,
  key?: string
): { line: number; column: number } => {
  const located = (node: Ranged | undefined) => {
    if (!node?.range) return undefined;
    const at = counter.linePos(node.range[0]);
    return { line: at.line, column: at.col };
  };
  if (key !== undefined) {
    const map = doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find(
        (item) => isScalar(item.key) && item.key.value === key
      );
      const at = located(pair?.key as Ranged | undefined);
      if (at) return at;
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as Ranged | undefined;
    const at = located(node);
    if (at) return at;
  }

  return { line: 1, column: 1 };
};

const describePath = (path: readonly PropertyKey[]): string =>
  path
    .map((part) =>
      typeof part === 'number' ? `[${part}]` : `.${String(part)}`
    )
    .join('')
    .replace(/^\./, '');

/**
 * Parses a case file's text. Throws a {@link CaseFileError} with the
 * line and column of the first YAML error, schema violation or invalid
 * event.
 */
export const parseCaseFile = (file: string, text: string): CaseFile => {
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
  });
  const syntax = doc.errors[0];
  if (syntax) {
    const at = counter.linePos(syntax.pos[0]);
    throw new CaseFileError(
      { file, line: at.line, column: at.col },
      syntax.message.split('\n')[0] ?? syntax.code
    );
  }

  const parsed = caseFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    // A misspelt key also makes its right spelling "missing": name the typo.
    const issues = parsed.error.issues;
    const issue =
      issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    const path = (issue?.path ?? []) as Path;
    const typo =
      issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const where = describePath(typo ? [...path, typo] : path);
    throw new CaseFileError(
      { file, ...positionOf(doc, counter, path, typo) },
      `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid case file'}`
    );
  }

  const content = parsed.data;
  const trigger = CASE_FILE.exec(basename(file))?.[1] ?? basename(file);
  const lineOf = (path: Path) => positionOf(doc, counter, path).line;
  const cases = content.cases.map((testCase, index): TestCase => {
    const path = ['cases', index];
    const expanded = expandCase({
      base: mergeFields(
        mergeFields(DEFAULT_EVENT, content.event ?? {}),
        testCase.event ?? {}
      ),
      start: timeMs(testCase.start ?? content.start ?? DEFAULT_START),
      history: (testCase.history ?? []) as CaseStep[],
      events: testCase.events as CaseStep[],
      lineOf,
      path,
    });
    if ('path' in expanded) {
      throw new CaseFileError(
        { file, ...positionOf(doc, counter, expanded.path) },
        `${testCase.name}: ${describePath(expanded.path)}: ${expanded.message}`
      );
    }

    return {
      name: testCase.name,
      file,
      line: lineOf(path),
      user: mergeFields(content.user ?? {}, testCase.user ?? {}),
      visit: mergeFields(content.visit ?? {}, testCase.visit ?? {}) as Fields,
      ...expanded,
    };
  });
  const names = new Set<string>();
  for (const testCase of cases) {
    if (names.has(testCase.name)) {
      throw new CaseFileError(
        { file, line: testCase.line, column: 1 },
        `two cases are named "${testCase.name}"; names must be unique`
      );
    }
    names.add(testCase.name);
  }

  return { file, trigger, cases };
};

/** Reads and parses a case file; see {@link parseCaseFile}. */
export const readCaseFile = async (file: string): Promise<CaseFile> =>
  parseCaseFile(file, await readFile(file, 'utf8'));
