/**
 * @module `npm run bench`: measures the core, the AWS requests, the item
 * sizes, the modelled cost, the bundle and the local loop, then prints a
 * table, or with `--json` one JSON object on stdout.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeError } from '#core/errors.ts';
import { startMinistack } from '#local/ministack.ts';
import { FULL_SCALE, measureAll, QUICK_SCALE } from './measure-all.ts';
import { renderTable } from './report.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The bench's own emulator port: a test run that stops the shared
 * emulator on 4566 midway must not take the bench down with it.
 */
const BENCH_EMULATOR_PORT = 4577;
const USAGE = `usage: npm run bench [-- --json] [-- --quick]
  --json   one JSON object on stdout; progress on stderr
  --quick  a smaller run, to check the bench itself`;

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    process.stderr.write(
      `bench: Node ${process.version} found; run it with \`npm run bench\`, ` +
        "which uses the project's Node 24\n"
    );
    return 1;
  }

  progress(`starting MiniStack on 127.0.0.1:${BENCH_EMULATOR_PORT}`);
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  const ministack = await startMinistack(ROOT, { port: BENCH_EMULATOR_PORT });
  try {
    const figures = await measureAll(
      ROOT,
      ministack.endpoint,
      values.quick ? QUICK_SCALE : FULL_SCALE,
      progress
    );
    process.stdout.write(
      values.json ? `${JSON.stringify(figures)}\n` : renderTable(figures)
    );
  } finally {
    await ministack.stop();
  }

  return 0;
};

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${describeError(error)}\n${USAGE}\n`);
  process.exitCode = 1;
}
