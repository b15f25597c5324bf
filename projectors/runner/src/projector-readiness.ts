import type { Admin } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import type { ProjectionRunner } from '@orderflow/projections';
import {
  consumerGroupLag,
  kafkaCheck,
  lagCheck,
  maxProjectionLag,
  mongoCheck,
  postgresCheck,
  schemaRegistryCheck,
  totalLag,
  type ReadinessCheck,
} from '@orderflow/observability';

export interface ReadinessInputs {
  readonly admin: Admin;
  readonly registryUrl: string;
  readonly pool: Pool;
  readonly mongo: Db;
  /** Read on every probe: a rebuild's switch replaces a projection's runner. */
  readonly runners: () => readonly {
    readonly name: string;
    readonly runner: ProjectionRunner;
    readonly topics: readonly string[];
  }[];
  readonly maxLag?: number;
}

/**
 * Ready when Kafka, the registry and both stores answer, no sink circuit is open, and every
 * projection trails its topics by at most PROJECTION_MAX_LAG events. Lag is measured from the
 * group's committed offsets (committed only after the sink wrote), not from the runner's last
 * batch: a projection that stopped consuming still shows its growing lag.
 */
export const projectorReadiness = (inputs: ReadinessInputs) => {
  const maxLag = inputs.maxLag ?? maxProjectionLag();
  return (): ReadinessCheck[] => [
    kafkaCheck(inputs.admin),
    schemaRegistryCheck(inputs.registryUrl),
    postgresCheck(inputs.pool),
    mongoCheck(inputs.mongo),
    ...inputs.runners().flatMap(({ name, runner, topics }) => [
      {
        name: `sink:${name}`,
        probe: () =>
          runner.breaker.state === 'closed'
            ? Promise.resolve()
            : Promise.reject(new Error(`circuit ${runner.breaker.state}`)),
      },
      lagCheck(
        `lag:${name}`,
        async () => totalLag(await consumerGroupLag(inputs.admin, runner.groupId, topics)),
        maxLag,
      ),
    ]),
  ];
};
