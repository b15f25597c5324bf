import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { abandonedJoin, rememberClientSettings } from './group-member.ts';

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
 *
 * Retries start at 25 ms: right after a commit the coordinator answers CONCURRENT_TRANSACTIONS
 * until its markers are written, which takes milliseconds (the Java client backs off 20 ms there).
 */
export const createKafka = (options: { brokers: string[]; clientId: string; logger: Logger }) => {
  const settings: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 25, retries: 10 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const retriable =
        'retryCount' in extra || /^Response |concurrent operation|retrying/i.test(message);
      // Transactions abort a failed batch as a whole, so a bounded retry count is safe here.
      // A group member leaving during a rebalance cuts its own connections (group-member.ts).
      const expected =
        message.startsWith('Limiting retries for the idempotent producer') ||
        message.includes(abandonedJoin);
      const level = retriable || expected ? 'debug' : (pinoLevel[entry.level] ?? 'info');
      options.logger[level]({ kafka: entry.namespace, ...extra }, message);
    },
  };
  const kafka = new Kafka(settings);
  rememberClientSettings(kafka, settings);
  return kafka;
};
