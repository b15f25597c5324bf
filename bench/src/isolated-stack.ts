import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { Endpoints } from '@orderflow/config';
import { eventSchemasByContext } from '@orderflow/contracts';
import { contextTopics, defaultTopicLayout, provisionTopics } from '@orderflow/kernel';
import { progressCollection } from '@orderflow/projections';
import { quoteIdentifier } from '@orderflow/read-targets';
import { eventSubjects, removeSubjects } from './registry-subjects.ts';
import { allTopics } from './topics.ts';

export interface IsolatedStack {
  /** What the spawned processes run in: their own Kafka namespace and read side. */
  readonly env: Readonly<Record<string, string>>;
  readonly kafkaNamespace: string;
  readonly readModelNamespace: string;
  /** Deletes the run's topics, consumer groups, registry subjects, collections, progress, schema. */
  readonly remove: () => Promise<void>;
}

const contexts = ['orders', 'inventory', 'payments'] as const;

/**
 * A fresh Orderflow stack name per run: its own Kafka namespace (topics and consumer groups,
 * ORDERFLOW_KAFKA_NAMESPACE) and its own read side (READ_MODEL_NAMESPACE: groups, collections
 * and progress; READ_MODEL_SCHEMA: PostgreSQL schema). On the shared cluster the live names
 * carry every earlier run's events and every other checkout's group members: a projector that
 * joins a group another process is in, or resumes far behind on a topic others keep writing,
 * measures them. Here nothing else can share a topic or a group, and there is no backlog.
 *
 * Every context's topics are created up front: the query API's readiness measures the lag of
 * all its projections, and with auto-creation off a missing topic would fail it.
 */
export const isolatedStack = async (kafka: Kafka, endpoints: Endpoints): Promise<IsolatedStack> => {
  const run = randomUUID().slice(0, 8);
  const kafkaNamespace = `bench-${run}`;
  const readModelNamespace = `bench_${run}`;
  const schema = `read_models_bench_${run}`;
  const env = {
    ORDERFLOW_KAFKA_NAMESPACE: kafkaNamespace,
    READ_MODEL_NAMESPACE: readModelNamespace,
    READ_MODEL_SCHEMA: schema,
  };
  const topics = contexts.flatMap((context) => allTopics(contextTopics(context, env)));
  // Whatever the started services registered: each command processor its context's events.
  const subjects = contexts.flatMap((context) =>
    eventSubjects(contextTopics(context, env).events, eventSchemasByContext[context]),
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Side by side: each creation waits for its partitions' leaders.
    await Promise.all(
      contexts.map((context) =>
        provisionTopics(admin, contextTopics(context, env), defaultTopicLayout),
      ),
    );
  } finally {
    await admin.disconnect();
  }
  return {
    env,
    kafkaNamespace,
    readModelNamespace,
    // Each part goes even if another fails (a database restarted by another session).
    remove: async () => {
      const failed = (
        await Promise.allSettled([
          removeKafka(kafka, topics, `${kafkaNamespace}.`),
          removeSubjects(endpoints.schemaRegistryUrl, subjects),
          removeReadSide(endpoints, readModelNamespace, schema),
        ])
      ).find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
};

const removeKafka = async (kafka: Kafka, topics: readonly string[], groupPrefix: string) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...topics] });
    // The processes have stopped: their groups are empty and can go.
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((id) => id.startsWith(groupPrefix));
    if (ours.length > 0) await admin.deleteGroups(ours);
  } finally {
    await admin.disconnect();
  }
};

const removeReadSide = async (endpoints: Endpoints, namespace: string, schema: string) => {
  const mongo = new MongoClient(endpoints.mongodbUrl);
  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 1 });
  try {
    await mongo.connect();
    const db = mongo.db();
    const collections = await db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections.filter((c) => c.name.endsWith(`_${namespace}`)))
      await db.collection(name).drop();
    // Progress is shared by every projection: only this namespace's documents go.
    await db
      .collection<{ projection: string }>(progressCollection)
      .deleteMany({ projection: { $regex: `\\.${namespace}(\\.|$)` } });
    await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  } finally {
    await Promise.all([mongo.close(), pool.end()]);
  }
};
