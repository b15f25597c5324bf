import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import {
  AvroEventSerde,
  CommandProcessor,
  commandMessage,
  contextTopics,
  encodeOutcome,
  provisionTopics,
} from '@orderflow/kernel';
// The kernel's own test domain: a counter whose decide/evolve cost next to nothing, so the
// scenario measures the kernel, not a domain.
import { tallyContext } from '../../packages/kernel/test/fixtures/tally/counter.ts';
import type { TallyEvent } from '../../packages/kernel/test/fixtures/tally/generated/tally.ts';
import { rate, repeatInTurns, type Summary } from './measure.ts';
import { removeTallyContext } from './topics.ts';

export interface KernelThroughputOptions {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  /** Where the runs' subjects are deleted when they are done. */
  readonly registryUrl: string;
  readonly logger: Logger;
  readonly commands: number;
  readonly aggregates: number;
  readonly runs: number;
  readonly warmups: number;
  readonly commandsPerTransaction: number;
  /** Partitions of the context's topics: one processor runs them all. */
  readonly partitions: number;
}

export interface KernelThroughputResult {
  readonly kernel: Summary;
  readonly rawTransactionalProduce: Summary;
}

const layoutOf = (options: KernelThroughputOptions) => ({
  partitions: options.partitions,
  replicationFactor: 1,
  commandRetentionMs: 3_600_000,
});

/**
 * Commands/s decided by the command processor (decode, decide, Avro-encode, one transaction of
 * events + outcomes + offsets per batch) against a raw transactional produce of the very same
 * event and outcome records in transactions of the same size.
 */
export const kernelThroughput = async (
  options: KernelThroughputOptions,
): Promise<KernelThroughputResult> => {
  return repeatInTurns(options.runs, options.warmups, {
    kernel: () => measureKernel(options),
    rawTransactionalProduce: () => measureRawProduce(options),
  });
};

const commandsFor = (options: KernelThroughputOptions) => {
  const counters = Array.from({ length: options.aggregates }, () => randomUUID());
  return Array.from({ length: options.commands }, (_, i) => {
    const aggregateId = counters[i % counters.length] ?? '';
    const first = i < counters.length;
    return {
      aggregateId,
      type: first ? 'OpenCounter' : 'AddToCounter',
      data: first ? { limit: 1_000_000_000 } : { amount: 1 },
    };
  });
};

const measureKernel = async (options: KernelThroughputOptions) => {
  const name = `bench-${randomUUID().slice(0, 8)}`;
  const context = tallyContext(name);
  const topics = contextTopics(name);
  const admin = options.kafka.admin();
  await admin.connect();
  await provisionTopics(admin, topics, layoutOf(options));
  const producer = options.kafka.producer({ idempotent: true });
  await producer.connect();
  const issuedAt = new Date().toISOString();
  const messages = commandsFor(options).map((command) => {
    const commandId = randomUUID();
    return commandMessage(name, {
      type: command.type,
      data: command.data,
      metadata: {
        commandId,
        aggregateId: command.aggregateId,
        issuedAt,
        correlationId: commandId,
        causationId: null,
        expectedVersion: null,
        traceparent: null,
      },
    });
  });
  for (let i = 0; i < messages.length; i += 1_000)
    await producer.send({ topic: topics.commands, messages: messages.slice(i, i + 1_000) });
  await producer.disconnect();

  const processor = new CommandProcessor(context, {
    kafka: options.kafka,
    registry: options.registry,
    logger: options.logger,
    topicLayout: layoutOf(options),
    maxCommandsPerTransaction: options.commandsPerTransaction,
  });
  await processor.start();
  const perSecond = await steadyRate(
    admin,
    processor.consumerGroupId,
    topics.commands,
    options.commands,
  );
  await processor.stop();
  await admin.deleteGroups([processor.consumerGroupId]).catch(() => undefined);
  await admin.disconnect();
  await removeTallyContext(options.kafka, options.registryUrl, topics);
  return perSecond;
};

/**
 * Commands/s from the first committed batch to the last: start-up (topic checks, schema
 * registration, the group join, the first restore) is a one-off, not throughput.
 */
const steadyRate = async (
  admin: ReturnType<Kafka['admin']>,
  groupId: string,
  topic: string,
  total: number,
) => {
  let first: { committed: number; at: bigint } | undefined;
  for (;;) {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = (offsets?.partitions ?? []).reduce(
      (sum, p) => sum + Math.max(0, Number(p.offset)),
      0,
    );
    if (committed > 0 && !first) first = { committed, at: process.hrtime.bigint() };
    if (first && committed >= total) return rate(total - first.committed, first.at);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const measureRawProduce = async (options: KernelThroughputOptions) => {
  const name = `bench-raw-${randomUUID().slice(0, 8)}`;
  const topics = contextTopics(name);
  const admin = options.kafka.admin();
  await admin.connect();
  await provisionTopics(admin, topics, layoutOf(options));
  await admin.disconnect();
  const serde = new AvroEventSerde<TallyEvent>(
    options.registry,
    topics.events,
    tallyContext(name).eventSchemas,
  );
  await serde.register();

  const producer = options.kafka.producer({
    transactionalId: `${name}.raw`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const records = commandsFor(options).map((command, i) => ({
    key: command.aggregateId,
    partition: i % options.partitions,
    event: {
      type: 'CounterIncremented' as const,
      data: { counterId: command.aggregateId, amount: 1, total: i },
    },
    outcome: encodeOutcome({
      status: 'accepted',
      commandId: randomUUID(),
      commandType: command.type,
      aggregateId: command.aggregateId,
      fingerprint: '',
      decidedAt: '',
      version: i,
      events: [],
    }),
  }));
  const started = process.hrtime.bigint();
  for (let i = 0; i < records.length; i += options.commandsPerTransaction) {
    const batch = records.slice(i, i + options.commandsPerTransaction);
    const transaction = await producer.transaction();
    await transaction.send({
      topic: topics.events,
      messages: batch.map((r) => ({
        key: r.key,
        partition: r.partition,
        value: serde.encode(r.event),
      })),
    });
    await transaction.send({
      topic: topics.outcomes,
      messages: batch.map((r) => ({ key: r.key, partition: r.partition, value: r.outcome })),
    });
    await transaction.sendOffsets({
      consumerGroupId: `${name}.raw`,
      topics: [
        {
          topic: topics.commands,
          partitions: [{ partition: 0, offset: String(i + batch.length) }],
        },
      ],
    });
    await transaction.commit();
  }
  const perSecond = rate(options.commands, started);
  await producer.disconnect();
  // The raw transactions committed offsets for this group: it goes too.
  await removeTallyContext(options.kafka, options.registryUrl, topics, [`${name}.raw`]);
  return perSecond;
};
