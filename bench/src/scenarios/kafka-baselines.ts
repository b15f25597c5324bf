import type { Scenario } from '../context.ts';
import { kafkaTopic, rawConsume, rawProduce, type ProduceKind } from '../kafka-raw.ts';
import { repeat, type Summary } from '../measure.ts';
import type { Comparison, Figure } from '../report.ts';

const batchSize = 500;

/**
 * The raw KafkaJS baselines: produce plain, idempotent and transactional, and consume, of the
 * same small Avro record. Each is shown against plain produce: what a guarantee costs before
 * Orderflow adds anything.
 */
export const kafkaBaselinesScenario: Scenario = {
  name: 'kafka-baselines',
  run: async ({ kafka, registry, mode }) => {
    const target = await kafkaTopic(kafka, registry);
    try {
      const produced: Partial<Record<ProduceKind, Summary>> = {};
      for (const kind of ['plain', 'idempotent', 'transactional'] as const)
        produced[kind] = await repeat(
          mode.runs,
          () => rawProduce(kafka, target, { kind, records: mode.kafkaRecords, batchSize }),
          mode.warmups,
        );
      // Everything produced so far is on the topic: each consume run reads the first records.
      const consumed = await repeat(
        mode.runs,
        () => rawConsume(kafka, target, mode.kafkaRecords),
        mode.warmups,
      );
      const figure = (label: string, summary: Summary | undefined): Figure => ({
        label,
        unit: 'records/s',
        summary: summary ?? { median: 0, min: 0, max: 0, runs: [] },
      });
      const plain = figure(
        `KafkaJS produce, plain (acks=all, ${String(batchSize)} per send)`,
        produced.plain,
      );
      const against = (label: string, summary: Summary | undefined): Comparison => ({
        section: 'raw Kafka',
        orderflow: figure(label, summary),
        baseline: plain,
        better: 'higher',
      });
      return {
        comparisons: [
          against('KafkaJS produce, idempotent (max in flight 1)', produced.idempotent),
          against(
            `KafkaJS produce, transactional (${String(batchSize)} per transaction)`,
            produced.transactional,
          ),
          against('KafkaJS consume, read_committed, Avro-decoded', consumed),
        ],
        details: { records: mode.kafkaRecords, batchSize, partitions: 3 },
      };
    } finally {
      await target.remove();
    }
  },
};
