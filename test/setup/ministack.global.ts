/**
 * @module Vitest global setup: a MiniStack of its own for the run, on a
 * free loopback port, so a `tripline local up` emulator or another run is
 * never touched.
 */
import { startMinistack } from '#local/ministack.ts';
import { freeLoopbackPort } from '#local/processes.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const ministack = await startMinistack(process.cwd(), {
    port: await freeLoopbackPort(),
  });
  process.env.TRIPLINE_TEST_AWS_ENDPOINT = ministack.endpoint;

  return () => ministack.stop();
}
