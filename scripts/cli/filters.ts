/**
 * @module The `tripline filters` commands: validate, test and push the
 * JSONata filters.
 */
import type { Command } from 'commander';
import { createAwsClients } from '#adapters/aws-clients.ts';
import { readTriggerSources } from '#adapters/folder-filter-files.ts';
import { describeError } from '#core/errors.ts';
import { addCoreOptions, type CoreFlags } from './core-options.ts';
import type { CaseRunSettings } from './filters-case-runner.ts';
import { testFolder, testRunPassed, validateFolder } from './filters-check.ts';
import {
  applyPush,
  ensureVersioning,
  type PushChange,
  type PushTarget,
  type PushTargetFlags,
  planPush,
  resolvePushTarget,
} from './filters-push.ts';
import {
  formatTestResults,
  formatTestSummary,
  formatValidationIssues,
  formatValidationSummary,
} from './filters-report.ts';

type PushFlags = PushTargetFlags &
  CoreFlags & { enableVersioning: boolean; dryRun: boolean };

const print = (
  lines: readonly string[],
  stream: NodeJS.WritableStream = process.stdout
): void => {
  if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
};

/** `filters validate`: returns the exit code. */
export const validateCommand = async (dir: string): Promise<number> => {
  const validation = await validateFolder(dir);
  print(formatValidationIssues(validation), process.stderr);
  print([formatValidationSummary(validation)]);

  return validation.problems.length === 0 ? 0 : 1;
};

/** `filters test`: returns the exit code. */
export const testCommand = async (
  dir: string,
  settings: CaseRunSettings
): Promise<number> => {
  const run = await testFolder(dir, settings);
  print(formatTestResults(run));
  print(formatValidationIssues(run), process.stderr);
  print([formatTestSummary(run)]);

  return testRunPassed(run) ? 0 : 1;
};

const STATUS_ORDER = ['added', 'changed', 'removed', 'unchanged'] as const;

/** The lines `filters push` prints: one per filter, then a summary. */
export const formatPushChanges = (
  target: PushTarget,
  changes: readonly PushChange[],
  dryRun: boolean
): string[] => {
  const lines = [
    `${dryRun ? 'would push' : 'pushed'} to s3://${target.bucket}/${target.prefix}`,
  ];
  for (const status of STATUS_ORDER) {
    for (const change of changes.filter((c) => c.status === status)) {
      const previous = change.previousVersionId
        ? `  (previous version ${change.previousVersionId})`
        : '';
      lines.push(`  ${status.padEnd(9)} ${change.key}${previous}`);
    }
  }
  const count = (status: string) =>
    changes.filter((change) => change.status === status).length;
  lines.push(
    STATUS_ORDER.map((status) => `${count(status)} ${status}`).join(', ')
  );

  return lines;
};

/** `filters push`: returns the exit code. */
export const pushCommand = async (
  dir: string,
  flags: PushFlags,
  env: Readonly<Record<string, string | undefined>>
): Promise<number> => {
  const target = resolvePushTarget(flags, env);
  const run = await testFolder(dir, flags);
  if (!testRunPassed(run)) {
    print(formatTestResults(run).filter((line) => !line.startsWith('  ✓')));
    print(formatValidationIssues(run), process.stderr);
    print([formatTestSummary(run)]);
    process.stderr.write('refusing to push: fix the filters or their cases\n');
    return 1;
  }
  print(formatValidationIssues(run), process.stderr);
  print([formatTestSummary(run)]);

  const { s3 } = createAwsClients({
    endpoint: target.endpoint,
    region: target.region,
  });
  const sources = await readTriggerSources(dir);
  await ensureVersioning(s3, target.bucket, flags.enableVersioning);
  const plan = await planPush(s3, target, sources);
  const changes = flags.dryRun
    ? plan
    : await applyPush(s3, target, sources, plan);
  print(formatPushChanges(target, changes, flags.dryRun));

  return 0;
};

const exitWith = async (command: string, run: () => Promise<number>) => {
  try {
    process.exitCode = await run();
  } catch (error) {
    process.stderr.write(
      `tripline filters ${command}: ${describeError(error)}\n`
    );
    process.exitCode = 1;
  }
};

/** Registers `tripline filters validate|test|push` on the program. */
export const registerFiltersCommands = (program: Command): void => {
  const filters = program
    .command('filters')
    .description('validate, test and push the JSONata trigger filters');

  filters
    .command('validate')
    .description('compile every filter and read every case file')
    .argument('[dir]', 'folder of .jsonata filters', 'filters')
    .action((dir: string) => exitWith('validate', () => validateCommand(dir)));

  addCoreOptions(
    filters
      .command('test')
      .description("run every trigger's test cases through the core")
      .argument('[dir]', 'folder of .jsonata filters', 'filters')
  ).action((dir: string, flags: CoreFlags) =>
    exitWith('test', () => testCommand(dir, flags))
  );

  addCoreOptions(
    filters
      .command('push')
      .description('validate, test, then upload the changed filters to S3')
      .argument('[dir]', 'folder of .jsonata filters', 'filters')
      .option('--bucket <name>', 'filters bucket (env TRIPLINE_FILTERS_BUCKET)')
      .option('--prefix <prefix>', 'key prefix (env TRIPLINE_FILTERS_PREFIX)')
      .option('--endpoint <url>', 'S3 endpoint (env AWS_ENDPOINT_URL)')
      .option('--region <region>', 'AWS region (env AWS_REGION)')
      .option('--enable-versioning', 'turn bucket versioning on', false)
      .option('--dry-run', 'print what would change; upload nothing', false)
  ).action((dir: string, flags: PushFlags) =>
    exitWith('push', () => pushCommand(dir, flags, process.env))
  );
};
