/**
 * @module What `tripline local up` started and provisioned, kept in
 * `.local/state.json` so `down`, `status` and `run` find it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TriplineConfig } from '#core/config.ts';
import type { PollerSettingsInput } from './poller-settings.ts';
import { isRunning, localDir } from './processes.ts';

/** One service of the local loop. */
export type ServiceRecord = {
  readonly name: string;
  /** Set when `up` started it; absent for one found already running. */
  readonly pid?: number | undefined;
  readonly address: string;
  readonly logFile?: string | undefined;
};

/** The contents of `.local/state.json`. */
export type LocalState = {
  services: ServiceRecord[];
  /** The function configuration against the provisioned resources. */
  config?: TriplineConfig | undefined;
  kafkaBootstrap?: string | undefined;
  awsEndpoint?: string | undefined;
  topic?: string | undefined;
  /** The event source mapping's settings from the deploy configuration. */
  poller?: Omit<PollerSettingsInput, 'bootstrap'> | undefined;
  /** `msk.onFailure`: the quarantine queue, or a file as S3 would keep. */
  onFailure?: 'sqs' | 's3' | undefined;
};

const stateFile = (root: string): string => join(localDir(root), 'state.json');

/** Reads the state; empty when `up` never ran. */
export const readLocalState = (root: string): LocalState => {
  const file = stateFile(root);
  if (!existsSync(file)) return { services: [] };

  return JSON.parse(readFileSync(file, 'utf8')) as LocalState;
};

/** Writes the state. */
export const writeLocalState = (root: string, state: LocalState): void => {
  mkdirSync(localDir(root), { recursive: true });
  writeFileSync(stateFile(root), `${JSON.stringify(state, null, 2)}\n`);
};

/**
 * Adds or replaces a service in the state. A service found already
 * running (no PID) keeps the PID recorded when `up` started it.
 */
export const recordService = (
  root: string,
  service: ServiceRecord
): LocalState => {
  const state = readLocalState(root);
  const known = state.services.find((entry) => entry.name === service.name);
  if (service.pid === undefined && known?.pid && isRunning(known.pid)) {
    service = { ...service, pid: known.pid, logFile: known.logFile };
  }
  state.services = [
    ...state.services.filter((known) => known.name !== service.name),
    service,
  ];
  writeLocalState(root, state);

  return state;
};
