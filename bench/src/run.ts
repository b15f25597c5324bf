import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { up } from '@orderflow/infra';
import { createKafka } from '@orderflow/kernel';
import type { Scenario } from './context.ts';
import { full, quick } from './mode.ts';
import { machine, markdown, writeReport, type ScenarioResult } from './report.ts';
import { stopAllProcesses } from './processes.ts';
import { runScenario } from './scenario-runner.ts';
import { scenarios } from './scenarios/index.ts';

// `npm run bench [-- --full] [-- --only=kernel,projector]`: every Orderflow figure next to a raw
// baseline measured in the same run. Quick is the default (under two minutes); --full is what
// bench/results records. A scenario that fails is reported as not measured, the others go on.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const args = process.argv.slice(2);
const mode = args.includes('--full') ? full : quick;
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = (only ?? []).filter((name) => !scenarios.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `bench: unknown scenario(s) ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}
// --only runs what it names, even a scenario the mode leaves out.
const selected: Scenario[] = scenarios.filter((s) =>
  only ? only.includes(s.name) : !mode.skip.includes(s.name),
);

const logger = pino({ level: process.env.LOG_LEVEL ?? 'error' });
const endpoints = loadEndpoints();
await up(endpoints);
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'orderflow-bench', logger });
const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });

const runOnce = (scenario: Scenario) => scenario.run({ kafka, registry, logger, endpoints, mode });
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

const startedAt = new Date().toISOString();
const started = Date.now();
const machineAtStart = machine();
const results: Record<string, ScenarioResult> = {};
const report = () => ({
  mode: mode.name,
  startedAt,
  durationSeconds: (Date.now() - started) / 1000,
  machine: machineAtStart,
  scenarios: results,
});
// A scenario's stray promise (a consumer crashing after its scenario gave up) must not end the
// run: it is reported, and the scenario it belongs to has already been reported as failed.
process.on('unhandledRejection', (error) => {
  process.stderr.write(`\nbench: unhandled rejection: ${reason(error)}\n`);
});
const log = (line: string) => process.stderr.write(line);
for (const scenario of selected) {
  const scenarioStarted = Date.now();
  log(`bench: ${scenario.name} ...`);
  results[scenario.name] = await runScenario(scenario, runOnce, mode.scenarioMinutes * 60_000, log);
  log(` ${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s\n`);
  // After every scenario: a run that dies later still leaves what it measured.
  writeReport(report(), !only);
}

console.log(`\n${markdown(report())}`);
console.log(`results: ${writeReport(report(), !only)}`);
// A scenario that timed out may have left processes running: they are the bench's, and go too.
await stopAllProcesses();
process.exit(0);
