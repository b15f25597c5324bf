import type { KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';
import {
  AvroEventSerde,
  CommandClient,
  CommandProcessor,
  createKafka,
  decodeOutcome,
  header,
  readPartitionsToEnd,
  type CommandOutcome,
  type CommandProcessorOptions,
} from '../../src/index.ts';
import { tallyContext } from '../fixtures/tally/counter.ts';
import type { TallyEvent } from '../fixtures/tally/generated/tally.ts';

export const testLogger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const endpoints = loadEndpoints();

export const kafkaForTests = (clientId = 'kernel-test') =>
  createKafka({ brokers: endpoints.kafkaBrokers, clientId, logger: testLogger });
export const registryForTests = () => new SchemaRegistry({ host: endpoints.schemaRegistryUrl });

export interface StoredEvent {
  partition: number;
  offset: string;
  aggregateId: string;
  version: number;
  eventId: string;
  commandId: string;
  type: string;
  /** The `ce_issuedby` header: who issued the command that decided it, if anyone authenticated. */
  issuedBy: string | null;
  event: TallyEvent;
}

/** A fresh tally context (its own topics) with helpers that read what really is on Kafka. */
export const createTallyHarness = (options: Partial<CommandProcessorOptions> = {}) => {
  const name = uniqueName('tally');
  const context = tallyContext(name);
  const kafka = kafkaForTests();
  const registry = registryForTests();
  const processors: CommandProcessor<never, TallyEvent, unknown>[] = [];
  const client = new CommandClient(kafka, name);

  const startProcessor = async (overrides: Partial<CommandProcessorOptions> = {}) => {
    const processor = new CommandProcessor(context, {
      kafka: kafkaForTests(`processor-${processors.length}`),
      registry,
      logger: testLogger,
      topicLayout: { partitions: 3, replicationFactor: 1, commandRetentionMs: 3_600_000 },
      ...options,
      ...overrides,
    });
    await processor.start();
    processors.push(processor as never);
    return processor;
  };

  const readEvents = async (): Promise<StoredEvent[]> => {
    const serde = new AvroEventSerde<TallyEvent>(registry, `${name}.events`, context.eventSchemas);
    const raw: { partition: number; message: KafkaMessage }[] = [];
    await readPartitionsToEnd(
      kafka,
      [0, 1, 2].map((partition) => ({ topic: `${name}.events`, partition, fromOffset: '0' })),
      (_t, partition, message) => {
        raw.push({ partition, message });
      },
    );
    return Promise.all(
      raw.map(async ({ partition, message }) => ({
        partition,
        offset: message.offset,
        aggregateId: message.key?.toString() ?? '',
        version: Number(message.headers?.[header.aggregateVersion]?.toString()),
        eventId: message.headers?.[header.id]?.toString() ?? '',
        commandId: message.headers?.[header.commandId]?.toString() ?? '',
        type: message.headers?.[header.type]?.toString() ?? '',
        issuedBy: message.headers?.[header.issuedBy]?.toString() ?? null,
        event: await serde.decode(message.value ?? Buffer.alloc(0)),
      })),
    );
  };

  const readTopic = async (suffix: string) => {
    const records: KafkaMessage[] = [];
    await readPartitionsToEnd(
      kafka,
      [0, 1, 2].map((partition) => ({ topic: `${name}.${suffix}`, partition, fromOffset: '0' })),
      (_t, _p, message) => {
        records.push(message);
      },
    );
    return records;
  };

  const readOutcomes = async (): Promise<CommandOutcome[]> =>
    (await readTopic('outcomes')).flatMap((m) => (m.value ? [decodeOutcome(m.value)] : []));

  return {
    name,
    kafka,
    client,
    startProcessor,
    readEvents,
    readOutcomes,
    readTopic,
    stopProcessors: async () => {
      await Promise.all(processors.splice(0).map((p) => p.stop()));
    },
    close: async () => {
      await Promise.all(processors.splice(0).map((p) => p.stop()));
      await client.stop();
    },
  };
};

/** Per aggregate, versions must be exactly 1..n: no gap, no duplicate. */
export const versionsByAggregate = (events: readonly StoredEvent[]) => {
  const byAggregate = new Map<string, number[]>();
  for (const event of [...events].sort((a, b) => a.version - b.version)) {
    byAggregate.set(event.aggregateId, [
      ...(byAggregate.get(event.aggregateId) ?? []),
      event.version,
    ]);
  }
  return byAggregate;
};

export const expectContiguous = (versions: readonly number[]) =>
  versions.every((version, index) => version === index + 1);
