import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  post,
  startCommandServices,
  wait,
  type CommandServices,
} from '../support/command-services.ts';
import { startReadSide, type ReadSide } from '../support/read-side.ts';

let commands: CommandServices;
let readSide: ReadSide;
beforeAll(async () => {
  commands = await startCommandServices(); // creates the event topics the projector reads
  readSide = await startReadSide();
});
afterAll(async () => {
  await readSide.close();
  await commands.close();
});

const read = async (path: string, token: unknown) => {
  const response = await fetch(`${readSide.queryApi}${path}`, {
    headers: { 'x-consistency-token': String(token) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('HTTP command -> Kafka -> projector -> query API', () => {
  it("shows a registered product right away to a read carrying the command's consistency token", async () => {
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    const registered = await post(
      `${commands.inventory}/v1/inventory/products`,
      { sku, name: 'Teapot', initialStock: 7 },
      wait,
    );
    const answer = await read(`/v1/inventory/${sku}`, registered.body.consistencyToken);
    expect(answer).toMatchObject({
      status: 200,
      body: { sku, name: 'Teapot', total: 7, reserved: 0, available: 7 },
    });

    const restocked = await post(
      `${commands.inventory}/v1/inventory/products/${sku}/restock`,
      { quantity: 3 },
      wait,
    );
    expect(
      (await read(`/v1/inventory/${sku}`, restocked.body.consistencyToken)).body,
    ).toMatchObject({ total: 10, available: 10 });
  });

  it("shows an opened account with its ledger, and an order with its timeline, in the customer's list and its event history", async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const opened = await post(
      `${commands.payments}/v1/payments/accounts`,
      { customerId, creditLimit: 5_000, currency: 'EUR' },
      wait,
    );
    const account = await read(`/v1/payments/accounts/${customerId}`, opened.body.consistencyToken);
    expect(account.status).toBe(200);
    expect(JSON.stringify(account.body)).toContain('AccountOpened');
    expect(account.body).toMatchObject({ creditLimit: 5_000, available: 5_000 });

    const placed = await post(
      `${commands.orders}/v1/orders`,
      { customerId, currency: 'EUR', lines: [{ sku: 'sku-x', quantity: 2, unitPrice: 150 }] },
      wait,
    );
    const orderId = String(placed.body.aggregateId);
    const order = await read(`/v1/orders/${orderId}`, placed.body.consistencyToken);
    expect(order).toMatchObject({ status: 200, body: { orderId, customerId, total: 300 } });
    // The token guarantees the command's own event; the saga may already be ahead of it (the SKU
    // is unknown, so the order is rejected), never behind.
    const { status, timeline } = order.body as { status: string; timeline: { step: string }[] };
    expect(timeline[0]).toMatchObject({ step: 'OrderPlaced' });
    expect(['Placed', 'Rejected']).toContain(status);
    const list = await read(`/v1/orders?customerId=${customerId}`, placed.body.consistencyToken);
    expect(list.body).toMatchObject({ items: [{ orderId, total: 300 }] });
    const history = await read(
      `/v1/streams/orders/${orderId}/events`,
      placed.body.consistencyToken,
    );
    expect(JSON.stringify(history.body)).toContain('OrderPlaced');
  });
});
