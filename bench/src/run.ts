import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { up } from '@orderflow/infra';
import { createKafka } from '@orderflow/kernel';
import type { Scenario } from './context.ts';
import { full, quick } from './mode.ts';
import { machine, markdown, writeReport, type ScenarioResult } from './report.ts';
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
for (const scenario of selected) {
  const scenarioStarted = Date.now();
  process.stderr.write(`bench: ${scenario.name} ...`);
  results[scenario.name] = await runOnce(scenario).catch((first: unknown) => {
    // The stack is shared (another session may be restarting a database): one more try.
    process.stderr.write(` failed (${reason(first)}), again ...`);
    return runOnce(scenario).catch((second: unknown) => ({
      comparisons: [],
      notMeasured: [
        { section: scenario.name, label: 'the scenario failed twice', reason: reason(second) },
      ],
    }));
  });
  process.stderr.write(` ${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s\n`);
  // After every scenario: a run that dies later still leaves what it measured.
  writeReport(report(), !only);
}

console.log(`\n${markdown(report())}`);
console.log(`results: ${writeReport(report(), !only)}`);
process.exit(0);
