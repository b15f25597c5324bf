import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Retries a Kafka call while it fails with an error Kafka calls retriable: right after a topic
 * is created, a broker may briefly answer "does not host this topic-partition" for it.
 */
export const retryRetriable = async <T>(call: () => Promise<T>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || Date.now() > deadline) throw error;
      await sleep(Math.min(50 * 2 ** attempt, 1_000));
    }
  }
};
