import type { Scenario } from '../context.ts';
import { kafkaTopic, rawConsume, rawProduce, type ProduceKind } from '../kafka-raw.ts';
import { repeatInTurns, type Summary } from '../measure.ts';
import type { Comparison, Figure } from '../report.ts';

const batchSize = 500;

/**
 * The raw KafkaJS baselines: produce plain, idempotent and transactional, and consume, of the
 * same small Avro record. Each is shown against plain produce: what a guarantee costs before
 * Orderflow adds anything.
 */
export const kafkaBaselinesScenario: Scenario = {
  name: 'kafka-baselines',
  run: async ({ kafka, registry, endpoints, mode }) => {
    const target = await kafkaTopic(kafka, registry, endpoints.schemaRegistryUrl);
    try {
      // Consume runs read the topic's first records, which the warm-up produce has written.
      const measured = await repeatInTurns(mode.runs, mode.warmups, {
        plain: () =>
          rawProduce(kafka, target, { kind: 'plain', records: mode.kafkaRecords, batchSize }),
        idempotent: () =>
          rawProduce(kafka, target, { kind: 'idempotent', records: mode.kafkaRecords, batchSize }),
        transactional: () =>
          rawProduce(kafka, target, {
            kind: 'transactional',
            records: mode.kafkaRecords,
            batchSize,
          }),
        consumed: () => rawConsume(kafka, target, mode.kafkaRecords),
      });
      const produced: Record<ProduceKind, Summary> = measured;
      const consumed = measured.consumed;
      const figure = (label: string, summary: Summary): Figure => ({
        label,
        unit: 'records/s',
        summary,
      });
      const plain = figure(
        `KafkaJS produce, plain (acks=all, ${String(batchSize)} per send)`,
        produced.plain,
      );
      const against = (label: string, summary: Summary): Comparison => ({
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
