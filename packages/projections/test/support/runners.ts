import { afterAll, afterEach } from 'vitest';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../../src/index.ts';
import { failing } from './balance-model.ts';
import { kafka, mongo, pool, registry, testLogger } from './test-stream.ts';

const started: ProjectionRunner[] = [];

/** A runner on the test cluster, quick to open its breaker; stopped by stopRunners(). */
export const startRunner = async (
  options: Omit<ProjectionRunnerOptions, 'kafka' | 'registry' | 'logger'>,
) => {
  const runner = new ProjectionRunner({
    kafka,
    registry,
    logger: testLogger,
    breaker: { failureThreshold: 3, openMs: 1_000, initialBackoffMs: 50 },
    ...options,
  });
  await runner.start();
  started.push(runner);
  return runner;
};

/** After each test: its runners stop and the fold's "bug" is fixed; after the file: stores close. */
export const cleanUpRunners = () => {
  afterEach(async () => {
    failing.amounts.clear();
    await Promise.all(started.splice(0).map((runner) => runner.stop()));
  });
  afterAll(async () => {
    await pool.end();
    await mongo.close();
  });
};
