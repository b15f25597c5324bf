import { afterEach, describe, expect, it } from 'vitest';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import { switchableProxy, uniqueName, type SwitchableProxy } from '@orderflow/testing';
import { ParkingLot, ProjectionRunner, postgresKeyedSink } from '../src/index.ts';
import { balanceModel } from './support/balance-model.ts';
import { createTestStream, eventually, kafka, pool, testLogger } from './support/test-stream.ts';

const schema = 'projections_test';
const cleanUp: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step();
});

const parkedCount = async (projection: string) =>
  Number(
    (
      await pool.query<{ count: string }>(
        `select count(*) from ${schema}.parked_events where projection = $1`,
        [projection],
      )
    ).rows[0]?.count,
  );

describe('a projection while the schema registry is unreachable', () => {
  it('waits for the registry and folds every event once it is back: nothing parked, nothing lost', async () => {
    const proxy: SwitchableProxy = await switchableProxy(
      new URL(loadEndpoints().schemaRegistryUrl),
    );
    cleanUp.push(() => proxy.close());
    const stream = await createTestStream();
    cleanUp.push(() => stream.close());
    const table = uniqueName('balances').replace('-', '_');
    const model = balanceModel(uniqueName('balances'), stream.source);
    await stream.append('a', 10, 20);
    await stream.append('b', 5);

    // The runner's own registry client has no schema cached: it must ask, through the proxy.
    proxy.down();
    const runner = new ProjectionRunner({
      kafka,
      registry: new SchemaRegistry({ host: proxy.url }),
      logger: testLogger,
      model,
      sink: postgresKeyedSink({ pool, model, table, schema }),
      parking: new ParkingLot(pool, schema, model.name),
      breaker: { failureThreshold: 3, openMs: 1_000, initialBackoffMs: 50 },
      retryPollMs: 200,
    });
    await runner.start();
    cleanUp.push(() => runner.stop());
    // Long enough for the group to join and the batch to fail against the registry a few times.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(runner.breaker.state).not.toBe('closed');
    expect(await parkedCount(model.name)).toBe(0);
    const { rows: before } = await pool.query(`select id from ${schema}.${table}`);
    expect(before).toEqual([]);

    proxy.up();
    const views = await eventually(
      async () =>
        (
          await pool.query<{ id: string; version: number }>(
            `select id, version from ${schema}.${table} order by id`,
          )
        ).rows,
      (rows) => rows.length === 2 && rows[0]?.version === 2,
    );
    expect(views).toEqual([
      { id: 'a', version: 2 },
      { id: 'b', version: 1 },
    ]);
    expect(await parkedCount(model.name)).toBe(0);
  });
});
