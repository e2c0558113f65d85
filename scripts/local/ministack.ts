/**
 * @module Starting MiniStack, the AWS emulator, from the project's venv.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the emulator answers and how it was found. */
export type MinistackHandle = {
  readonly endpoint: string;
  /** The process this call started, or undefined if one was running. */
  readonly process: ChildProcess | undefined;
  stop(): Promise<void>;
};

const DEFAULT_PORT = 4566;

/** The project-local venv that `.ci/run` and `tripline local up` create. */
export const venvBinary = (root: string, name: string): string =>
  join(root, '.venv', 'bin', name);

/** Whether an emulator answers its health check at `endpoint`. */
export const isEmulatorUp = async (endpoint: string): Promise<boolean> => {
  try {
    const response = await fetch(`${endpoint}/_ministack/health`, {
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
};

/**
 * Resets every service of a MiniStack emulator to empty: used between
 * integration tests.
 */
export const resetEmulator = async (endpoint: string): Promise<void> => {
  const response = await fetch(`${endpoint}/_ministack/reset`, {
    method: 'POST',
  });
  if (!response.ok) {
    throw new Error(`MiniStack reset failed with HTTP ${response.status}`);
  }
};

/**
 * Creates the project venv with the pinned MiniStack when it is missing.
 * Throws naming what to install when Python 3 is absent.
 */
export const ensureMinistackInstalled = (root: string): string => {
  const binary = venvBinary(root, 'ministack');
  if (existsSync(binary)) return binary;

  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'python3 was not found: install Python 3.10+ (with venv) to run MiniStack'
    );
  }
  execFileSync('python3', ['-m', 'venv', join(root, '.venv')], {
    stdio: 'inherit',
  });
  execFileSync(
    venvBinary(root, 'pip'),
    ['install', '--quiet', '-r', join(root, 'localstack', 'requirements.txt')],
    { stdio: 'inherit' }
  );

  return binary;
};

/**
 * Starts MiniStack on loopback unless one already answers on the port.
 * Installs it into the project venv first if needed.
 * Its log goes to `<root>/.local/ministack.log`. With `detached` it
 * outlives this process (`tripline local up`).
 */
export const startMinistack = async (
  root: string,
  { port = DEFAULT_PORT, timeoutMs = 60_000, detached = false } = {}
): Promise<MinistackHandle> => {
  const endpoint = `http://127.0.0.1:${port}`;
  if (await isEmulatorUp(endpoint)) {
    return { endpoint, process: undefined, stop: async () => undefined };
  }

  const binary = ensureMinistackInstalled(root);
  mkdirSync(join(root, '.local'), { recursive: true });
  const log = openSync(join(root, '.local', 'ministack.log'), 'a');
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      GATEWAY_PORT: String(port),
      BIND_HOST: '127.0.0.1',
      MINISTACK_REGION: 'us-east-1',
      LOG_LEVEL: 'WARNING',
    },
    stdio: ['ignore', log, log],
    // `tripline local up` leaves it running after the command exits.
    detached,
  });
  if (detached) child.unref();

  const deadline = Date.now() + timeoutMs;
  while (!(await isEmulatorUp(endpoint))) {
    if (child.exitCode !== null) {
      throw new Error(
        `MiniStack exited with code ${child.exitCode}; see .local/ministack.log`
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`MiniStack did not answer within ${timeoutMs} ms`);
    }
    await sleep(200);
  }

  return {
    endpoint,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
};
