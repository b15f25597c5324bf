import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { up } from '@orderflow/infra';
import { createKafka } from '@orderflow/kernel';
import { kernelThroughput } from './kernel-throughput.ts';
import { mongodbSkipReason } from './mongodb-guard.ts';
import { projectorThroughput, type Store, type StoreThroughput } from './projector-throughput.ts';

// `npm run bench [-- --full] [-- --mongodb]`: every figure next to a raw baseline measured in the
// same run. `--mongodb` runs the MongoDB scenario even on FerretDB (see mongodb-guard.ts).
const full = process.argv.includes('--full');
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const endpoints = loadEndpoints();
await up(endpoints);
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'orderflow-bench', logger });
const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });

const commands = full ? 50_000 : 10_000;
const result = await kernelThroughput({
  kafka,
  registry,
  logger,
  commands,
  aggregates: 500,
  runs: full ? 5 : 3,
  commandsPerTransaction: 500,
});
const ratio = result.kernel.median / result.rawTransactionalProduce.median;

const events = full ? 100_000 : 20_000;
const mongodbSkipped = process.argv.includes('--mongodb')
  ? null
  : await mongodbSkipReason(endpoints.mongodbUrl);
const projector = await projectorThroughput({
  kafka,
  registry,
  logger,
  mongodbUrl: endpoints.mongodbUrl,
  databaseUrl: endpoints.databaseUrl,
  events,
  aggregates: 1_000,
  runs: full ? 5 : 3,
  eventsPerTransaction: 500,
  stores: mongodbSkipped ? ['postgresql'] : ['mongodb', 'postgresql'],
});
const projectorRatios = Object.fromEntries(
  Object.entries(projector).map(([store, measured]) => [
    store,
    measured.projector.median / measured.rawBulkWrite.median,
  ]),
);

const rows = [
  ['scenario', 'median /s', 'min /s', 'max /s', 'ratio'],
  [
    'kernel: commands decided (transaction of events + outcomes + offsets)',
    ...figures(result.kernel),
    percent(ratio),
  ],
  [
    'raw: transactional produce of the same events + outcomes',
    ...figures(result.rawTransactionalProduce),
    '100%',
  ],
  ...(projector.mongodb
    ? projectorRows('mongodb', projector.mongodb, 'bulkWrite of replaceOne upserts')
    : [[`projector into MongoDB: ${mongodbSkipped ?? 'not measured'}`, '-', '-', '-', '-']]),
  ...(projector.postgresql
    ? projectorRows(
        'postgresql',
        projector.postgresql,
        'insert ... on conflict do update, one transaction per batch',
      )
    : []),
];
const table = rows.map((row) => `| ${row.join(' | ')} |`);
table.splice(1, 0, `|${' --- |'.repeat(rows[0]?.length ?? 0)}`);
const header = `Orderflow bench (${full ? 'full' : 'quick'}), ${new Date().toISOString()}, 3 partitions; kernel: ${commands} commands, 500 per transaction; projector: ${events} events of 1000 counters, keyed view { total, count }`;
console.log(`\n${header}\n\n${table.join('\n')}\n`);

const resultsDir = path.join(import.meta.dirname, '..', 'results');
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replaceAll(':', '-');
writeFileSync(
  path.join(resultsDir, `${stamp}.json`),
  JSON.stringify(
    {
      header,
      commands,
      full,
      kernelThroughput: result,
      ratio,
      events,
      projectorThroughput: projector,
      projectorRatios,
      mongodbSkipped,
    },
    null,
    2,
  ),
);
writeFileSync(path.join(resultsDir, `${stamp}.md`), `${header}\n\n${table.join('\n')}\n`);
process.exit(0);

function projectorRows(store: Store, measured: StoreThroughput, rawWrite: string) {
  const name = store === 'mongodb' ? 'MongoDB' : 'PostgreSQL';
  return [
    [
      `projector into ${name}: events folded (${measured.batchSize} events -> ${measured.viewsPerBatch} version-guarded view writes per batch, progress)`,
      ...figures(measured.projector),
      percent(measured.projector.median / measured.rawBulkWrite.median),
    ],
    [
      `raw: ${name} ${rawWrite}, one view update per event, ${measured.batchSize} per batch`,
      ...figures(measured.rawBulkWrite),
      '100%',
    ],
  ];
}

function percent(value: number) {
  return `${(value * 100).toFixed(0)}%`;
}

function figures(summary: { median: number; min: number; max: number }) {
  return [summary.median, summary.min, summary.max].map((value) => value.toFixed(0));
}
