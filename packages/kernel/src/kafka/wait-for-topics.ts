import { integerSetting } from '@orderflow/config';
import type { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

/**
 * Topics are created by the context that owns them; a reader started first (another context's
 * saga policy, a projector) waits for them instead of failing or hanging in subscribe. `signal`
 * (the reader stopping) ends the wait at once: it then rejects with the signal's reason.
 */
export const waitForTopics = async (
  kafka: Kafka,
  topics: readonly string[],
  logger: Logger,
  { timeoutMs = 120_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `topics ${missing.join(', ')} do not exist; start the services that own them`,
        );
      logger.info({ missing }, 'waiting for topics');
      await sleep(500, undefined, { signal });
    }
  } finally {
    await admin.disconnect();
  }
};

/** ORDERFLOW_TOPIC_WAIT_MS: how long a reader waits for another context's topics (120000). */
export const topicWaitMs = (env: NodeJS.ProcessEnv = process.env): number =>
  integerSetting('ORDERFLOW_TOPIC_WAIT_MS', { default: 120_000, min: 100, max: 3_600_000 }, env);
