import { ConfigurationError } from './endpoints.ts';

/**
 * An optional prefix for every Kafka topic and consumer group Orderflow names
 * (ORDERFLOW_KAFKA_NAMESPACE=team-a -> `team-a.orders.events`, `team-a.policy.inventory.on-orders`).
 * Empty by default: the names are the public contract. It lets several Orderflow stacks share
 * one cluster without answering each other's commands, e.g. tests that stop a context.
 */
export const kafkaNamespace = (env: NodeJS.ProcessEnv = process.env): string => {
  const value = env.ORDERFLOW_KAFKA_NAMESPACE?.trim() ?? '';
  if (value === '') return '';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(value))
    throw new ConfigurationError(
      `ORDERFLOW_KAFKA_NAMESPACE: expected lowercase letters, digits and dashes, got "${value}"`,
    );
  return `${value}.`;
};

/** A topic or group name inside this process's Kafka namespace. */
export const namespaced = (name: string, env: NodeJS.ProcessEnv = process.env): string =>
  `${kafkaNamespace(env)}${name}`;
