/**
 * @module `tripline local install`: fetches what the local loop and its
 * tests need ahead of time (CI's set-up step): the Kafka broker's jars
 * from Maven Central and MiniStack into `.venv`.
 */
import { join } from 'node:path';
import { JAVA_INSTALL, resolveKafkaClasspath } from './kafka-broker.ts';
import { ensureMinistackInstalled } from './ministack.ts';
import { localDir, requireCommand } from './processes.ts';

/**
 * Checks for Java, resolves the broker classpath (downloading it on first
 * use) and installs MiniStack. Throws naming what to install when Java,
 * Maven or Python is missing.
 */
export const installLocalPrerequisites = (
  root: string,
  report: (line: string) => void
): void => {
  report(`java: ${requireCommand('java', JAVA_INSTALL)}`);
  const classpath = resolveKafkaClasspath(root, join(localDir(root), 'kafka'));
  report(`kafka broker: ${classpath.split(':').length} jars resolved`);
  report(`ministack: ${ensureMinistackInstalled(root)}`);
};
