import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { up } from '@orderflow/infra';
import { createKafka } from '@orderflow/kernel';
import { kernelThroughput } from './kernel-throughput.ts';

// `npm run bench [-- --full]`: every figure next to a raw baseline measured in the same run.
const full = process.argv.includes('--full');
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const endpoints = loadEndpoints();
await up(endpoints);
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'orderflow-bench', logger });
const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });

const commands = full ? 50_000 : 10_000;
const result = await kernelThroughput({ kafka, registry, logger, commands, aggregates: 500, runs: full ? 5 : 3, commandsPerTransaction: 500 });
const ratio = result.kernel.median / result.rawTransactionalProduce.median;

const rows = [
  ['scenario', 'median /s', 'min /s', 'max /s', 'ratio'],
  ['kernel: commands decided (transaction of events + outcomes + offsets)', ...figures(result.kernel), `${(ratio * 100).toFixed(0)}%`],
  ['raw: transactional produce of the same events + outcomes', ...figures(result.rawTransactionalProduce), '100%'],
];
const table = rows.map((row) => `| ${row.join(' | ')} |`);
table.splice(1, 0, `|${' --- |'.repeat(rows[0]?.length ?? 0)}`);
const header = `Orderflow bench (${full ? 'full' : 'quick'}), ${new Date().toISOString()}, ${commands} commands, 3 partitions, 500 commands per transaction`;
console.log(`\n${header}\n\n${table.join('\n')}\n`);

const resultsDir = path.join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replaceAll(':', '-');
writeFileSync(path.join(resultsDir, `${stamp}.json`), JSON.stringify({ header, commands, full, kernelThroughput: result, ratio }, null, 2));
writeFileSync(path.join(resultsDir, `${stamp}.md`), `${header}\n\n${table.join('\n')}\n`);
process.exit(0);

function figures(summary: { median: number; min: number; max: number }) {
  return [summary.median, summary.min, summary.max].map((value) => value.toFixed(0));
}
