import type { Scenario } from '../context.ts';
import { kernelScenario } from './kernel.ts';
import { partitionScalingScenario } from './partition-scaling.ts';
import { projectorScenario } from './projector.ts';

/** In the order they run. */
export const scenarios: readonly Scenario[] = [
  kernelScenario,
  partitionScalingScenario,
  projectorScenario,
];
