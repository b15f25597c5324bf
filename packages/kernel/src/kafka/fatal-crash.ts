import type { Consumer } from 'kafkajs';

/**
 * Calls `listener` when the consumer crashed and KafkaJS will not restart it (a non-retriable
 * error, or retries exhausted): from then on it consumes nothing, and the process must know.
 */
export const onFatalCrash = (consumer: Consumer, listener: (error: Error) => void): void => {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) listener(payload.error);
  });
};
