import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll } from 'vitest';
import { loadEndpoints } from '@orderflow/config';

// Setup file of the e2e tier (vitest.config.ts): every test file runs in a Kafka namespace of its
// own (topics and consumer groups). Its in-process services must be the only members of their
// groups: in the shared namespace any other Orderflow process on the cluster (another checkout's
// test run, `npm start`, a killed process whose session has not expired yet) joined the same
// groups and took partitions, so a test's events were projected, and its spans made, elsewhere
// or not at all (a trace missing its projection span, a read-your-writes read answering 503),
// and a record one test wrote (a poison event) reached another test's policies. The services'
// child processes inherit it. Set before the test file's modules are evaluated.
const namespace = `e2e-${randomUUID().slice(0, 8)}`;
process.env.ORDERFLOW_KAFKA_NAMESPACE = namespace;

// Hooks run in reverse order of registration: this runs after the file's own afterAll (which
// closes its services), and removes the file's topics from the shared cluster.
afterAll(async () => {
  const admin = new Kafka({
    clientId: 'e2e-namespace-cleanup',
    brokers: loadEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
});
