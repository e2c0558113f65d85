/**
 * @module The `tripline filters` commands.
 */
import type { Command } from 'commander';

/** Registers the filters commands on the program. */
export const registerFiltersCommands = (_program: Command): void => undefined;
