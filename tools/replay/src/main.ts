import { Command, CommanderError } from 'commander';
import { note } from './cli-io.ts';
import { UnreachableError } from './connections.ts';
import { CliError } from './errors.ts';
import { listCommand, statusCommand } from './commands/inspect.ts';
import { rebuildCommand } from './commands/rebuild.ts';
import { dropCommand, verifyCommand } from './commands/verify-drop.ts';

const program = new Command('orderflow').description('Orderflow operator commands').exitOverride();
const replay = program
  .command('replay')
  .description('rebuild projections from Kafka without downtime');

for (const add of [listCommand, statusCommand, rebuildCommand, verifyCommand, dropCommand])
  add(replay);

/** Runs the CLI; resolves to the exit code (0 ok, 1 difference or failure, 2 refused or usage, 3 unreachable, 4 locked, 130 interrupted). */
export const run = async (argv: readonly string[]): Promise<number> => {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? 0
        : 2;
    if (error instanceof CliError) {
      note(`orderflow: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof UnreachableError) {
      note(`orderflow: ${error.message}`);
      return 3;
    }
    if (error instanceof Error && error.name === 'UnknownProjectionError') {
      note(`orderflow: ${error.message}`);
      return 2;
    }
    note(`orderflow: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
};
