import { describe, expect, it } from 'vitest';
import { contextTopics } from '@orderflow/kernel';
import { uniqueName } from '@orderflow/testing';
import { ParkingLot, ProjectionRunner, postgresKeyedSink } from '../src/index.ts';
import { balanceModel } from './support/balance-model.ts';
import { kafka, pool, registry, testLogger } from './support/test-stream.ts';

const schema = 'projections_test';

describe('a projection stopped while it waits for its topics', () => {
  it('ends its start at once and never joins its consumer group', async () => {
    // A context whose topics nobody has created yet (the command services are not up).
    const context = uniqueName('absent').replace('-', '');
    const model = balanceModel(uniqueName('balances'), { context, eventSchemas: {} });
    const groupId = uniqueName('stopped-early');
    const runner = new ProjectionRunner({
      kafka,
      registry,
      logger: testLogger,
      model,
      sink: postgresKeyedSink({
        pool,
        model,
        table: uniqueName('balances').replace('-', '_'),
        schema,
      }),
      parking: new ParkingLot(pool, schema, model.name),
      groupId,
    });
    const started = runner.start();
    // Long enough to be inside the topic wait (it polls every 500 ms).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stoppedAt = Date.now();
    await runner.stop();
    await started;
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);

    // Once the topics appear, a runner that still waited would join: it must not.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: contextTopics(context).events, numPartitions: 1 }],
      });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]?.members ?? []).toEqual([]);
    } finally {
      await admin.deleteTopics({ topics: [contextTopics(context).events] });
      await admin.disconnect();
    }
  });
});
