import { randomUUID } from 'node:crypto';

// Imported first by a test file whose scenarios stop, SIGKILL or rewind the contexts: every
// topic and group its processes (children inherit the environment) and its in-process read side
// name lives in a Kafka namespace of its own, so no other test or checkout on the shared cluster
// answers for a context it stopped. Must run before any module that names a topic is evaluated.
process.env.ORDERFLOW_KAFKA_NAMESPACE ??= `e2e-${randomUUID().slice(0, 8)}`;

export const ownKafkaNamespace = process.env.ORDERFLOW_KAFKA_NAMESPACE;
