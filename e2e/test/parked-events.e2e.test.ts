import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { createKafka } from '@orderflow/kernel';
import {
  post,
  startCommandServices,
  testLogger,
  wait,
  type CommandServices,
} from '../support/command-services.ts';
import { startReadSide, type ReadSide } from '../support/read-side.ts';

let commands: CommandServices;
let readSide: ReadSide;
beforeAll(async () => {
  commands = await startCommandServices();
  readSide = await startReadSide();
});
afterAll(async () => {
  await readSide.close();
  await commands.close();
});

interface Parked {
  id: string;
  projection: string;
  aggregateId: string;
  status: string;
  reason: string;
}

const parkedFor = async (aggregateId: string) => {
  const response = await fetch(`${readSide.queryApi}/v1/admin/parked?projection=stock-levels`);
  const { items } = (await response.json()) as { items: Parked[] };
  return items.filter((item) => item.aggregateId === aggregateId);
};

const until = async <T>(probe: () => Promise<T>, accept: (value: T) => boolean) => {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return probe();
};

describe('a poison event on a live topic', () => {
  it('is parked with the later events of its aggregate, listed by the admin API, and skipped to let them through', async () => {
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    const producer = createKafka({
      brokers: loadEndpoints().kafkaBrokers,
      clientId: 'e2e-poison',
      logger: testLogger,
    }).producer();
    await producer.connect();
    await producer.send({
      topic: 'inventory.events',
      messages: [{ key: sku, value: 'definitely not avro' }],
    });
    await producer.disconnect();

    const [poison] = await until(
      () => parkedFor(sku),
      (items) => items.length === 1,
    );
    expect(poison).toMatchObject({
      status: 'parked',
      reason: expect.stringContaining('undecodable') as unknown,
    });

    // The real registration of the same SKU queues behind the poison event.
    await post(
      `${commands.inventory}/v1/inventory/products`,
      { sku, name: 'Kettle', initialStock: 4 },
      wait,
    );
    const queued = await until(
      () => parkedFor(sku),
      (items) => items.length === 2,
    );
    expect(queued.map((item) => item.reason).join(' ')).toContain('blocked');
    expect((await fetch(`${readSide.queryApi}/v1/inventory/${sku}`)).status).toBe(404);

    const skipped = await fetch(`${readSide.queryApi}/v1/admin/parked/${poison?.id ?? ''}/skip`, {
      method: 'POST',
    });
    expect(skipped.status).toBe(202);
    const stock = await until(
      async () =>
        (await fetch(`${readSide.queryApi}/v1/inventory/${sku}`)).json() as Promise<
          Record<string, unknown>
        >,
      (body) => body.total === 4,
    );
    expect(stock).toMatchObject({ sku, total: 4, available: 4 });
    expect((await parkedFor(sku)).map((item) => item.status).sort()).toEqual([
      'resolved',
      'skipped',
    ]);

    const again = await fetch(`${readSide.queryApi}/v1/admin/parked/${poison?.id ?? ''}/skip`, {
      method: 'POST',
    });
    expect(again.status).toBe(409);

    // The orders saga reads inventory.events too: it passes over the record (it has nothing to
    // react to) and stays up and ready, instead of stopping for every order.
    const unreadable = await until(
      async () => {
        const metrics = await (await fetch(`${commands.orders}/metrics`)).text();
        const line = metrics
          .split('\n')
          .find((l) =>
            l.startsWith('orderflow_policy_unreadable_events_total{policy="orders.on-inventory"}'),
          );
        return Number(line?.split(' ').at(-1) ?? 0);
      },
      (count) => count >= 1,
    );
    expect(unreadable).toBeGreaterThanOrEqual(1);
    const ready = await fetch(`${commands.orders}/readyz`);
    expect(ready.status).toBe(200);
  });
});
