import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import {
  eventSchemasByContext,
  type InventoryEvent,
  type OrdersEvent,
  type PaymentsEvent,
} from '@orderflow/contracts';
import {
  AvroEventSerde,
  contextTopics,
  createKafka,
  header,
  readPartitionsToEnd,
  type DomainEvent,
} from '@orderflow/kernel';
import { testLogger } from './command-services.ts';

/** The aggregates one scenario touched: the only keys its checks read from the shared topics. */
export interface SagaScope {
  readonly orders: readonly string[];
  readonly skus: readonly string[];
  readonly customers: readonly string[];
}

export interface SagaFacts {
  readonly orders: Map<string, OrdersEvent[]>;
  readonly inventory: Map<string, InventoryEvent[]>;
  readonly payments: Map<string, PaymentsEvent[]>;
}

const endpoints = loadEndpoints();
const kafka = createKafka({
  brokers: endpoints.kafkaBrokers,
  clientId: 'e2e-saga-facts',
  logger: testLogger,
});
const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
const contexts = ['orders', 'inventory', 'payments'] as const;
const serdes = Object.fromEntries(
  contexts.map((context) => [
    contextTopics(context).events,
    new AvroEventSerde<DomainEvent>(
      registry,
      contextTopics(context).events,
      eventSchemasByContext[context],
    ),
  ]),
);

/** Every event of the scope's aggregates, per aggregate in topic order, read back from Kafka. */
export const readSagaFacts = async (scope: SagaScope): Promise<SagaFacts> => {
  const keys: Record<string, ReadonlySet<string>> = {
    [contextTopics('orders').events]: new Set(scope.orders),
    [contextTopics('inventory').events]: new Set(scope.skus),
    [contextTopics('payments').events]: new Set(scope.customers),
  };
  const found = new Map<string, Map<string, DomainEvent[]>>(
    Object.keys(keys).map((topic) => [topic, new Map()]),
  );
  const partitions = [0, 1, 2];
  await readPartitionsToEnd(
    kafka,
    Object.keys(keys).flatMap((topic) =>
      partitions.map((partition) => ({ topic, partition, fromOffset: '0' })),
    ),
    async (topic, _partition, message) => {
      const key = message.key?.toString() ?? '';
      if (!keys[topic]?.has(key) || !message.value) return;
      const event = await serdes[topic]?.decode(message.value);
      const byKey = found.get(topic);
      if (event && byKey) byKey.set(key, [...(byKey.get(key) ?? []), event]);
    },
  );
  const of = (context: (typeof contexts)[number]) =>
    found.get(contextTopics(context).events) ?? new Map<string, DomainEvent[]>();
  return {
    orders: of('orders') as Map<string, OrdersEvent[]>,
    inventory: of('inventory') as Map<string, InventoryEvent[]>,
    payments: of('payments') as Map<string, PaymentsEvent[]>,
  };
};

/** Where an aggregate's first event of a type sits on its context's events topic. */
export const positionOf = async (
  context: (typeof contexts)[number],
  aggregateId: string,
  type: string,
) => {
  const topic = contextTopics(context).events;
  let position: { topic: string; partition: number; offset: string } | undefined;
  await readPartitionsToEnd(
    kafka,
    [0, 1, 2].map((partition) => ({ topic, partition, fromOffset: '0' })),
    (_topic, partition, message) => {
      const matches =
        message.key?.toString() === aggregateId &&
        // The CloudEvents type is the Avro full name: <namespace>.<EventType>.
        (message.headers?.[header.type]?.toString() ?? '').split('.').at(-1) === type;
      if (matches && position === undefined)
        position = { topic, partition, offset: message.offset };
    },
  );
  if (position === undefined) throw new Error(`no ${type} of ${aggregateId} on ${topic}`);
  return position;
};

/** A consumer group's committed offset on one partition ('-1' when none). */
export const committedOffset = async (groupId: string, topic: string, partition: number) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
  } finally {
    await admin.disconnect();
  }
};

/**
 * Moves a stopped consumer group back to an offset, so its members deliver those records again
 * when they return: the broker refuses this while the group has live members.
 */
export const rewindGroup = async (
  groupId: string,
  position: { topic: string; partition: number; offset: string },
) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({
      groupId,
      topic: position.topic,
      partitions: [{ partition: position.partition, offset: position.offset }],
    });
  } finally {
    await admin.disconnect();
  }
};

/**
 * Waits (bounded) until no process is a member of the groups. Topic and group names are global
 * on a shared cluster: a scenario that stops a context must be sure no other process (another
 * checkout's services, a benchmark) answers in its place.
 */
export const waitUntilNoMembers = async (groupIds: readonly string[], timeoutMs = 120_000) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { groups } = await admin.describeGroups([...groupIds]);
      const busy = groups.filter((group) => group.members.length > 0);
      if (busy.length === 0) return;
      if (Date.now() > end)
        throw new Error(
          `other processes are members of ${busy.map((g) => g.groupId).join(', ')}: this scenario needs that context to itself`,
        );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await admin.disconnect();
  }
};
