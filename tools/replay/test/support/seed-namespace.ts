import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import {
  AvroEventSerde,
  contextTopics,
  createKafka,
  defaultTopicLayout,
  header,
  provisionTopics,
  type DomainEvent,
} from '@orderflow/kernel';
import { findProjection } from '../../src/catalog.ts';
import { testLogger } from './test-projections.ts';

export interface PaymentsHistory {
  readonly accounts: number;
  /** Payments authorized on each account after it was opened. */
  readonly paymentsPerAccount: number;
}

const creditLimit = 1_000_000_000;
/** What every seeded payment authorizes, in minor units. */
export const paymentAmount = 100;

/** One account's events, in order: opened, then charged `payments` times. */
const accountEvents = (customerId: string, payments: number): DomainEvent[] => [
  { type: 'AccountOpened', data: { customerId, creditLimit, currency: 'EUR' } },
  ...Array.from({ length: payments }, (_, i) => ({
    type: 'PaymentAuthorized',
    data: {
      customerId,
      orderId: `order-${randomUUID()}`,
      amount: paymentAmount,
      currency: 'EUR',
      availableAfter: creditLimit - paymentAmount * (i + 1),
    },
  })),
];

/**
 * Every context's topics in the Kafka namespace `env` names (as the command services provision
 * them), with a history of payments events written as the payments service writes
 * them: the schemas the accounts projection reads, registered under the topic's subjects, and
 * the kernel's headers. A CLI run with the same env rebuilds from these alone, whatever the
 * live topics hold, or whether they exist. Returns how many events were written.
 */
export const seedNamespace = async (
  env: Readonly<Record<string, string>>,
  history: PaymentsHistory,
): Promise<number> => {
  const endpoints = loadEndpoints();
  const kafka = createKafka({
    brokers: endpoints.kafkaBrokers,
    clientId: 'replay-cli-seed',
    logger: testLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const context of ['orders', 'inventory', 'payments'])
      await provisionTopics(admin, contextTopics(context, env), defaultTopicLayout);
  } finally {
    await admin.disconnect();
  }
  const topic = contextTopics('payments', env).events;
  const [source] = findProjection('accounts').model.sources;
  if (!source) throw new Error('the accounts projection has no source');
  const serde = new AvroEventSerde<DomainEvent>(
    new SchemaRegistry({ host: endpoints.schemaRegistryUrl }),
    topic,
    source.eventSchemas,
  );
  await serde.register();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  let written = 0;
  try {
    for (let account = 0; account < history.accounts; account += 1) {
      const customerId = `customer-${randomUUID()}`;
      const messages = accountEvents(customerId, history.paymentsPerAccount).map((event, i) => ({
        key: customerId,
        value: serde.encode(event),
        headers: {
          [header.specVersion]: '1.0',
          [header.id]: randomUUID(),
          [header.source]: '/orderflow/payments',
          [header.type]: serde.fullName(event.type),
          [header.time]: new Date().toISOString(),
          [header.subject]: customerId,
          [header.contentType]: 'application/avro',
          [header.aggregateVersion]: String(i + 1),
        },
      }));
      await producer.send({ topic, messages });
      written += messages.length;
    }
  } finally {
    await producer.disconnect();
  }
  return written;
};
