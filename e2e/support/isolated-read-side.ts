import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import { loadEndpoints, namespaced } from '@orderflow/config';
import { contextTopics, createKafka } from '@orderflow/kernel';
import { progressCollection } from '@orderflow/projections';
import { testLogger } from './command-services.ts';

/**
 * A read side of the test's own: its own consumer groups, PostgreSQL schema and MongoDB
 * collections (READ_MODEL_NAMESPACE / READ_MODEL_SCHEMA), starting at the topics' current end.
 * The live groups are shared with every projector on the cluster (other test runs, a bench):
 * partitions assigned to one of those would be projected, or not, by a process the test neither
 * controls nor restarts, and the test would measure that process instead of its own.
 */
export const isolatedReadSide = async (
  models: readonly { name: string; sources: readonly { context: string }[] }[],
) => {
  const namespace = `chaos_${randomUUID().slice(0, 8)}`;
  const schema = `read_models_${namespace}`;
  const kafka = createKafka({
    brokers: loadEndpoints().kafkaBrokers,
    clientId: 'e2e-isolated-read-side',
    logger: testLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The test's aggregates are all new: starting at the head folds exactly their events.
    for (const model of models) {
      for (const source of model.sources) {
        const topic = contextTopics(source.context).events;
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          // The projector's group (ProjectionRunner), inside the file's Kafka namespace.
          groupId: namespaced(`projection.${model.name}.${namespace}`),
          topic,
          partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
        });
      }
    }
  } finally {
    await admin.disconnect();
  }
  return {
    env: { READ_MODEL_NAMESPACE: namespace, READ_MODEL_SCHEMA: schema },
    schema,
    collection: (name: string) => `${name}_${namespace}`,
    drop: async (stores: { db: Db; pool: Pool }, collections: readonly string[]) => {
      for (const name of collections)
        await stores.db
          .collection(`${name}_${namespace}`)
          .drop()
          .catch(() => false);
      await stores.db
        .collection(progressCollection)
        .deleteMany({ projection: { $in: models.map((m) => `${m.name}.${namespace}`) } });
      await stores.pool.query(`drop schema if exists "${schema}" cascade`);
    },
  };
};
