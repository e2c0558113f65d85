/**
 * @module The `tripline local` commands.
 */
import type { Command } from 'commander';

/** Registers the local commands on the program. */
export const registerLocalCommands = (_program: Command): void => undefined;
