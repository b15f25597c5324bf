import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Endpoints } from '@orderflow/config';
import type { Mode } from './mode.ts';
import type { ScenarioResult } from './report.ts';

/** What every scenario gets: the clients of the real stack and how much to do. */
export interface BenchContext {
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  readonly endpoints: Endpoints;
  readonly mode: Mode;
}

/** One measurement and its raw baselines, in one file under scenarios/. */
export interface Scenario {
  readonly name: string;
  readonly run: (context: BenchContext) => Promise<ScenarioResult>;
}
