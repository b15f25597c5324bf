import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigurationError, loadEndpoints } from '@orderflow/config';
import type { ComponentName } from './components/component.ts';
import { printEndpoints } from './endpoints-table.ts';
import { InfraError } from './infra-error.ts';
import { logFile } from './layout.ts';
import { down, reset, status, up } from './stack.ts';

const componentNames: readonly ComponentName[] = [
  'postgres',
  'kafka',
  'schema-registry',
  'ferretdb',
];

const program = new Command('infra')
  .description(
    "Install and run Orderflow's infrastructure on loopback: Kafka, schema registry, PostgreSQL, FerretDB",
  )
  .showHelpAfterError();

program
  .command('up')
  .description('install what is missing, start every server, wait until each answers')
  .action(async () => {
    const endpoints = loadEndpoints();
    await up(endpoints);
    printEndpoints(endpoints);
  });

program
  .command('down')
  .description('stop the servers this project started (data is kept)')
  .action(() => down(loadEndpoints()));

program
  .command('status')
  .description('show each server, who runs it and whether it answers')
  .action(async () => {
    const rows = await status(loadEndpoints());
    for (const row of rows) {
      const health = row.answering ? 'answering' : 'not answering';
      console.log(
        `${row.name.padEnd(16)} ${row.state.padEnd(9)} ${health.padEnd(14)} ${row.address.padEnd(22)} ${row.title}`,
      );
    }
    if (rows.some((row) => !row.answering)) process.exitCode = 1;
  });

program
  .command('reset')
  .description('stop the servers and delete their data (downloads are kept)')
  .action(() => reset(loadEndpoints()));

program
  .command('logs')
  .description("follow a server's log")
  .argument('<component>', componentNames.join(' | '), (value: string) => {
    if (!componentNames.includes(value as ComponentName)) {
      throw new InvalidArgumentError(`expected one of ${componentNames.join(', ')}`);
    }
    return value as ComponentName;
  })
  .option('-n, --lines <count>', 'lines to show before following', '50')
  .action((component: ComponentName, options: { lines: string }) => {
    const file = logFile(component);
    if (!existsSync(file))
      throw new InfraError(`no log yet at ${file}`, 'run `npm run infra -- up` first');
    spawn('tail', ['-n', options.lines, '-F', file], { stdio: 'inherit' });
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof InfraError) {
    console.error(`infra: ${error.message}\n  what to do: ${error.hint}`);
  } else if (error instanceof ConfigurationError) {
    console.error(
      `infra: ${error.message}\n  what to do: fix the variable, or unset it to use the embedded server`,
    );
  } else {
    console.error('infra: unexpected failure', error);
  }
  process.exit(1);
}
