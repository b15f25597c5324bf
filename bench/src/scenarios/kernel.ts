import type { BenchContext, Scenario } from '../context.ts';
import { kernelThroughput } from '../kernel-throughput.ts';
import type { Comparison } from '../report.ts';

export const commandsPerTransaction = 500;

/** Commands/s through one command processor at a partition count, next to the raw produce. */
export const kernelComparison = async (
  context: BenchContext,
  partitions: number,
  section: string,
): Promise<Comparison> => {
  const { kafka, registry, logger, mode } = context;
  const result = await kernelThroughput({
    kafka,
    registry,
    registryUrl: context.endpoints.schemaRegistryUrl,
    logger,
    commands: mode.kernelCommands,
    aggregates: 500,
    runs: mode.runs,
    warmups: mode.warmups,
    commandsPerTransaction,
    partitions,
  });
  return {
    section,
    orderflow: {
      label: `commands decided by one processor (decode, decide, one transaction of events + outcomes + offsets per ${String(commandsPerTransaction)})`,
      unit: 'commands/s',
      summary: result.kernel,
    },
    baseline: {
      label: `KafkaJS transactional produce of the same events + outcomes + offsets, ${String(commandsPerTransaction)} per transaction`,
      unit: 'records/s',
      summary: result.rawTransactionalProduce,
    },
    better: 'higher',
  };
};

export const kernelScenario: Scenario = {
  name: 'kernel',
  run: async (context) => ({
    comparisons: [await kernelComparison(context, 3, 'kernel, 3 partitions')],
    details: { commands: context.mode.kernelCommands, aggregates: 500, commandsPerTransaction },
  }),
};
