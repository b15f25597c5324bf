import { Kafka, logLevel } from 'kafkajs';
import { kafkaNamespace, loadEndpoints } from '@orderflow/config';
import { uniqueName } from './unique.ts';

/**
 * A Kafka namespace of the test's own (a value for ORDERFLOW_KAFKA_NAMESPACE): every topic and
 * consumer group Orderflow names in it starts with `<namespace>.`. A test in one creates and
 * seeds the topics it reads, so it never depends on another test file (or `npm start`) having
 * filled the live topics first, and no other process on the shared cluster joins its groups.
 */
export const uniqueKafkaNamespace = (prefix: string): string => {
  const namespace = uniqueName(prefix);
  kafkaNamespace({ ORDERFLOW_KAFKA_NAMESPACE: namespace }); // throws for a prefix Kafka names refuse
  return namespace;
};

/**
 * Deletes the namespace's topics, then its consumer groups. A group deletion is best effort: a
 * member the test SIGKILLed keeps its group non-empty until its session expires, and a leftover
 * empty group costs nothing, whereas a leftover topic keeps its partitions on the shared broker.
 */
export const removeKafkaNamespace = async (
  namespace: string,
  brokers: string[] = loadEndpoints().kafkaBrokers,
): Promise<void> => {
  const prefix = kafkaNamespace({ ORDERFLOW_KAFKA_NAMESPACE: namespace });
  if (prefix === '') throw new Error('refusing to remove the default Kafka namespace');
  const admin = new Kafka({
    clientId: 'remove-kafka-namespace',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const { groups } = await admin.listGroups();
    const ours = groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
    if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
};
