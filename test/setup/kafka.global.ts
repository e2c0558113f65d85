/**
 * @module Vitest global setup: a Kafka broker of its own for the run, on
 * free loopback ports, removed at the end (unless `KAFKA_BOOTSTRAP` names
 * one to use instead).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startKafkaBroker } from '#local/kafka-broker.ts';
import { freeLoopbackPort } from '#local/processes.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const given = process.env.KAFKA_BOOTSTRAP;
  if (given) {
    process.env.TRIPLINE_TEST_KAFKA_BOOTSTRAP = given;
    return async () => undefined;
  }

  // A broker per run: another run stopping a shared one would fail this.
  const port = await freeLoopbackPort();
  let controllerPort = await freeLoopbackPort();
  while (controllerPort === port) controllerPort = await freeLoopbackPort();
  const dir = join(process.cwd(), '.local', 'kafka-test', String(port));
  const broker = await startKafkaBroker(process.cwd(), {
    port,
    controllerPort,
    dir,
  });
  process.env.TRIPLINE_TEST_KAFKA_BOOTSTRAP = broker.bootstrap;

  return async () => {
    await broker.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
