import type { Scenario } from '../context.ts';
import type { Comparison } from '../report.ts';
import { kernelComparison } from './kernel.ts';

/**
 * Kernel throughput against the partition count of the context's topics (one processor owns
 * them all: more partitions means more transactions in flight, one per input partition), each
 * next to the raw transactional produce at the same count. The 3-partition figure is the
 * kernel scenario's.
 */
export const partitionScalingScenario: Scenario = {
  name: 'partition-scaling',
  run: async (context) => {
    const comparisons: Comparison[] = [];
    for (const partitions of context.mode.partitionCounts.filter((count) => count !== 3))
      comparisons.push(
        await kernelComparison(
          context,
          partitions,
          `scaling: kernel, ${String(partitions)} partition(s)`,
        ),
      );
    return { comparisons };
  },
};
