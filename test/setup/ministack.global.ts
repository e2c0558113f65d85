/**
 * @module Vitest global setup: one MiniStack for the whole run.
 */
import { startMinistack } from '#local/ministack.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const ministack = await startMinistack(process.cwd());
  process.env.TRIPLINE_TEST_AWS_ENDPOINT = ministack.endpoint;

  return () => ministack.stop();
}
