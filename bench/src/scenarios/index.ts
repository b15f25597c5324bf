import type { Scenario } from '../context.ts';
import { kafkaBaselinesScenario } from './kafka-baselines.ts';
import { kernelScenario } from './kernel.ts';
import { partitionScalingScenario } from './partition-scaling.ts';
import { projectorScalingScenario } from './projector-scaling.ts';
import { projectorScenario } from './projector.ts';
import { replayRebuildScenario } from './replay-rebuild.ts';
import { servicesScenario } from './services.ts';

/** In the order they run. */
export const scenarios: readonly Scenario[] = [
  kafkaBaselinesScenario,
  kernelScenario,
  projectorScenario,
  servicesScenario,
  partitionScalingScenario,
  projectorScalingScenario,
  replayRebuildScenario,
];
