// `npm run schemas -- <check|codegen|release>`: the contract's gate in CI and its release tool.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { checkContract } from './contract-check.ts';
import { regenerateContract } from './contract-codegen.ts';
import { whatToDo, type ContractProblem } from './contract-problems.ts';
import { releaseContract } from './release.ts';
import { defaultSchemaPaths, displayPath, type SchemaPaths } from './repository-paths.ts';

interface PathOptions {
  schemas: string;
  released: string;
  out: string;
}

const program = new Command('schemas')
  .description('Avro contract of Orderflow events: conventions, compatibility, codegen, releases')
  .showHelpAfterError();

withPathOptions(
  program
    .command('check')
    .description(
      'validate conventions, FULL_TRANSITIVE compatibility with every released version, and that generated code is up to date',
    ),
).action(async (_options: unknown, command: Command) => {
  const { current, released, problems } = await checkContract(pathsFrom(command));
  if (failed('check', problems)) return;
  const contexts = new Set(current.map((file) => file.context)).size;
  console.log(
    `schemas check: OK — ${current.length} event types in ${contexts} contexts, ${released.length} released versions; FULL_TRANSITIVE compatible, generated code up to date`,
  );
});

withPathOptions(
  program
    .command('codegen')
    .description('generate TypeScript types and schemas, one module per context'),
).action(async (_options: unknown, command: Command) => {
  const paths = pathsFrom(command);
  const { problems, written, removed } = await regenerateContract(paths);
  if (failed('codegen', problems, 'Nothing was written.')) return;
  for (const path of written) console.log(`wrote ${displayPath(path)}`);
  for (const path of removed) console.log(`removed ${displayPath(path)}`);
  if (written.length + removed.length === 0) {
    console.log(`schemas codegen: ${displayPath(paths.generated)} already up to date`);
  }
});

withPathOptions(
  program
    .command('release')
    .description(
      'after a passing check, freeze every schema that differs from its latest released version as the next v<N>',
    ),
).action(async (_options: unknown, command: Command) => {
  const { problems, frozen } = await releaseContract(pathsFrom(command));
  if (failed('release', problems, 'Nothing was frozen.')) return;
  for (const { subject, version, path } of frozen) {
    console.log(`froze ${subject} v${version} -> ${displayPath(path)}`);
  }
  if (frozen.length === 0) {
    console.log(
      'schemas release: nothing to freeze; every schema equals its latest released version',
    );
  }
});

function withPathOptions(command: Command): Command {
  return command
    .option(
      '--schemas <dir>',
      'current schemas, <dir>/<context>/<EventType>.avsc',
      displayPath(defaultSchemaPaths.schemas),
    )
    .option(
      '--released <dir>',
      'released versions, <dir>/<context>/<EventType>.v<N>.avsc',
      displayPath(defaultSchemaPaths.released),
    )
    .option(
      '--out <dir>',
      'where generated TypeScript goes',
      displayPath(defaultSchemaPaths.generated),
    );
}

function pathsFrom(command: Command): SchemaPaths {
  const options = command.opts<PathOptions>();
  return {
    schemas: resolve(options.schemas),
    released: resolve(options.released),
    generated: resolve(options.out),
  };
}

/** Prints every problem grouped by kind, each group with what to do; true when there were any. */
function failed(commandName: string, problems: readonly ContractProblem[], footer = ''): boolean {
  if (problems.length === 0) return false;
  const plural = problems.length === 1 ? 'problem' : 'problems';
  const lines = [`schemas ${commandName}: ${problems.length} ${plural}`];
  for (const category of ['convention', 'compatibility', 'codegen'] as const) {
    const inCategory = problems.filter((problem) => problem.category === category);
    if (inCategory.length === 0) continue;
    lines.push('', `${category}:`, ...inCategory.map(({ message }) => `  - ${message}`));
    lines.push(`  what to do: ${whatToDo[category]}`);
  }
  if (footer) lines.push('', footer);
  console.error(lines.join('\n'));
  process.exitCode = 1;
  return true;
}

await program.parseAsync(process.argv);
