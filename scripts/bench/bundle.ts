/**
 * @module Section 5: the bundled function's size, and the time a fresh
 * Node 24 process takes to import it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { CONFIG_ENV } from '#core/config.ts';

const run = promisify(execFile);

/**
 * ESM output needs a `require` for the CommonJS packages it bundles; the
 * same banner as `infra/trigger-function.ts` gives the NodejsFunction.
 */
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** How the function is bundled: the CDK NodejsFunction's esbuild flags. */
export type BundleVariant = {
  readonly name: string;
  /**
   * Empty with `bundleAwsSDK: true`, as `infra/` deploys it; `@aws-sdk/*`
   * is the CDK default, which loads the runtime's SDK v3 instead.
   */
  readonly external: readonly string[];
};

/** The bundling of `infra/trigger-function.ts`. */
export const DEPLOYED_BUNDLE: BundleVariant = {
  name: 'deployed',
  external: [],
};

/** The CDK default: the AWS SDK left to the Lambda runtime. */
export const SDK_EXTERNAL_BUNDLE: BundleVariant = {
  name: 'sdk-external',
  external: ['@aws-sdk/*'],
};

/** What one bundle weighs and how long it takes to import. */
export type BundleFigures = {
  readonly variant: string;
  /** The JavaScript file; its source map is counted apart. */
  readonly bytes: number;
  readonly sourceMapBytes: number;
  /** Median time of `await import(bundle)` in a fresh process. */
  readonly importMs: number;
  /** Median time from spawn to exit of that process. */
  readonly processMs: number;
  /** Largest packages in the output, in bytes. */
  readonly largest: readonly { name: string; bytes: number }[];
};

const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);

  return match?.[1] ?? 'tripline';
};

const largestPackages = (metafile: Metafile, top: number) => {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }

  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, bytes]) => ({ name, bytes }));
};

/** The environment the function needs to load, with placeholder values. */
export const handlerEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'tripline',
  POWERTOOLS_METRICS_NAMESPACE: 'Tripline',
  [CONFIG_ENV.tableName]: 'tripline-checkpoints',
  [CONFIG_ENV.eventBusName]: 'tripline',
  [CONFIG_ENV.quarantineQueueUrl]:
    'https://sqs.us-east-1.amazonaws.com/000000000000/tripline-quarantine',
});

const IMPORT_SCRIPT = `const started = performance.now();
await import(process.env.BENCH_IMPORT_URL);
process.stdout.write(String(performance.now() - started));`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Median import and process times of `file` over `runs` fresh processes. */
export const measureImport = async (
  file: string,
  runs: number
): Promise<{ importMs: number; processMs: number }> => {
  const imports: number[] = [];
  const processes: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', IMPORT_SCRIPT],
      {
        env: { ...handlerEnv(), BENCH_IMPORT_URL: pathToFileURL(file).href },
        timeout: 30_000,
      }
    );
    processes.push(performance.now() - started);
    imports.push(Number(stdout));
  }

  return { importMs: median(imports), processMs: median(processes) };
};

/**
 * Bundles `functions/trigger/handler.ts` as the CDK NodejsFunction of
 * `infra/` does (esbuild, ESM, platform node, target node24, main fields
 * module then main, minified, external source map) into
 * `<root>/.local/bench/`, then times its import.
 */
export const measureBundle = async (
  root: string,
  variant: BundleVariant,
  runs: number
): Promise<BundleFigures> => {
  // Inside the project, so an external `@aws-sdk/*` resolves from its
  // node_modules as it would from the Lambda runtime's.
  const outDir = join(root, '.local', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `handler-${variant.name}.mjs`);
  const result = await build({
    entryPoints: [join(root, 'functions', 'trigger', 'handler.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    external: [...variant.external],
    banner: { js: REQUIRE_BANNER },
    sourcemap: true,
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const sizeOf = (suffix: string) =>
    outputs
      .filter(([file]) => file.endsWith(suffix))
      .reduce((sum, [, output]) => sum + output.bytes, 0);
  const timing = await measureImport(outfile, runs);

  return {
    variant: variant.name,
    bytes: sizeOf('.mjs'),
    sourceMapBytes: sizeOf('.map'),
    ...timing,
    largest: largestPackages(result.metafile, 5),
  };
};
