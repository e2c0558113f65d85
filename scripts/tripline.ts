#!/usr/bin/env node
/**
 * @module The `tripline` command line.
 */
import { Command } from 'commander';
import { registerFiltersCommands } from '#cli/filters.ts';
import { registerLocalCommands } from '#cli/local.ts';
import { registerRunCommand } from '#cli/run.ts';

const program = new Command('tripline')
  .description(
    'Tripline: per-user checkpoints, JSONata triggers and actions for a stream of user events'
  )
  .showHelpAfterError();

registerRunCommand(program);
registerFiltersCommands(program);
registerLocalCommands(program);

await program.parseAsync(process.argv);
