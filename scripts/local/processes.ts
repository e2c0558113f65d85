/**
 * @module Child processes of the local loop: prerequisite checks, spawning
 * with a log file under `.local/`, waiting until ready, and stopping.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, openSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrerequisiteError, ServiceStartError } from './errors.ts';

/** The folder, under the project root, that holds logs, data and PIDs. */
export const localDir = (root: string): string => join(root, '.local');

/** The full path of `command` on PATH, or undefined when absent. */
export const findOnPath = (command: string): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }

  return undefined;
};

/**
 * Returns the path of `command`, or throws a {@link PrerequisiteError}
 * saying what to install.
 */
export const requireCommand = (command: string, install: string): string => {
  const found = findOnPath(command);
  if (!found) throw new PrerequisiteError(command, install);

  return found;
};

/** How to start one service of the local loop. */
export type SpawnOptions = {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /**
   * Outlive this process (`tripline local up`); its PID is then the only
   * handle, kept in `.local/services.json`.
   * @default false
   */
  readonly detached?: boolean;
};

/** Starts a service with stdout and stderr appended to its log file. */
export const spawnService = (options: SpawnOptions): ChildProcess => {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', log, log],
    detached: options.detached ?? false,
  });
  if (options.detached) child.unref();

  return child;
};

/** Whether a process with this PID is alive. */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops a process: SIGTERM, then SIGKILL if it is still alive after
 * `graceMs`. Resolves once it is gone.
 */
export const stopProcess = async (
  pid: number,
  graceMs = 10_000
): Promise<void> => {
  if (!isRunning(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRunning(pid) && Date.now() < deadline) await sleep(100);
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  while (isRunning(pid)) await sleep(50);
};

/** Options of {@link waitUntilReady}. */
export type WaitOptions = {
  readonly service: string;
  readonly timeoutMs: number;
  /** Fails fast when the process exits before it is ready. */
  readonly child?: ChildProcess;
  readonly logFile?: string;
  readonly intervalMs?: number;
};

/**
 * Polls `isReady` until it resolves true. Throws a
 * {@link ServiceStartError} when the child exits first or time runs out.
 */
export const waitUntilReady = async (
  isReady: () => Promise<boolean>,
  options: WaitOptions
): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  const seeLog = options.logFile ? `; see ${options.logFile}` : '';
  while (!(await isReady())) {
    const exitCode = options.child?.exitCode;
    if (exitCode !== null && exitCode !== undefined) {
      throw new ServiceStartError(
        options.service,
        `exited with code ${exitCode} before it was ready${seeLog}`
      );
    }
    if (Date.now() > deadline) {
      throw new ServiceStartError(
        options.service,
        `did not answer within ${options.timeoutMs} ms${seeLog}`
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
};

/**
 * A TCP port free on 127.0.0.1 right now: for a service that cannot pick
 * its own (Kafka), so concurrent test runs never share one.
 */
export const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
