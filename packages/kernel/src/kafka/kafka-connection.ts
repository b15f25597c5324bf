import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

const pinoLevel: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A KafkaJS client whose logs go through pino. KafkaJS logs a retriable broker answer (a
 * coordinator still loading, a concurrent transaction) as an error before retrying it; those are
 * demoted to debug so that error logs mean something.
 */
export const createKafka = (options: { brokers: string[]; clientId: string; logger: Logger }) =>
  new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const retriable = (extra as { retriable?: boolean; error?: string }).error !== undefined && /Response|retry/i.test(message);
      const level = retriable ? 'debug' : (pinoLevel[entry.level] ?? 'info');
      options.logger[level]({ kafka: entry.namespace, ...extra }, message);
    },
  });
