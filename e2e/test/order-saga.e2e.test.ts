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
  commands = await startCommandServices();
  readSide = await startReadSide();
});
afterAll(async () => {
  await readSide.close();
  await commands.close();
});

const id = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const getJson = async (path: string) =>
  (await (await fetch(`${readSide.queryApi}${path}`)).json()) as Record<string, unknown>;
const until = async (path: string, accept: (body: Record<string, unknown>) => boolean) => {
  for (let i = 0; i < 150; i++) {
    const body = await getJson(path);
    if (accept(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return getJson(path);
};
const settled = (body: Record<string, unknown>) =>
  ['Confirmed', 'Rejected', 'Cancelled'].includes(String(body.status));

const setUp = async (stock: Record<string, number>, credit: number) => {
  const customerId = id('cust');
  await Promise.all(
    Object.entries(stock).map(([sku, initialStock]) =>
      post(`${commands.inventory}/v1/inventory/products`, { sku, name: sku, initialStock }, wait),
    ),
  );
  await post(
    `${commands.payments}/v1/payments/accounts`,
    { customerId, creditLimit: credit, currency: 'EUR' },
    wait,
  );
  return customerId;
};

// Invariants from the read models: reserved + available = total, and no stock held by a rejected order.
const expectStock = async (sku: string, expected: { total: number; reserved: number }) => {
  const stock = await until(`/v1/inventory/${sku}`, (body) => body.reserved === expected.reserved);
  expect(stock).toMatchObject({
    total: expected.total,
    reserved: expected.reserved,
    available: expected.total - expected.reserved,
  });
};

describe('the order fulfilment saga, choreographed across the three contexts', () => {
  it('reserves every line, authorizes the total and confirms the order', async () => {
    const [a, b] = [id('sku'), id('sku')] as [string, string];
    const customerId = await setUp({ [a]: 5, [b]: 5 }, 1_000);
    const placed = await post(
      `${commands.orders}/v1/orders`,
      {
        customerId,
        currency: 'EUR',
        lines: [
          { sku: a, quantity: 2, unitPrice: 100 },
          { sku: b, quantity: 1, unitPrice: 50 },
        ],
      },
      wait,
    );
    const order = await until(`/v1/orders/${String(placed.body.aggregateId)}`, settled);
    expect(order.status).toBe('Confirmed');
    expect((order.timeline as { step: string }[]).map((entry) => entry.step)).toEqual(
      expect.arrayContaining([
        'OrderPlaced',
        'OrderLineReserved',
        'OrderAwaitingPayment',
        'OrderConfirmed',
      ]),
    );
    await expectStock(a, { total: 5, reserved: 2 });
    const account = await until(`/v1/payments/accounts/${customerId}`, (body) => body.used === 250);
    expect(account).toMatchObject({ creditLimit: 1_000, used: 250, available: 750 });
  });

  it('rejects an order with a line out of stock and releases the lines already reserved', async () => {
    const [plenty, scarce] = [id('sku'), id('sku')] as [string, string];
    const customerId = await setUp({ [plenty]: 10, [scarce]: 1 }, 1_000);
    const placed = await post(
      `${commands.orders}/v1/orders`,
      {
        customerId,
        currency: 'EUR',
        lines: [
          { sku: plenty, quantity: 3, unitPrice: 10 },
          { sku: scarce, quantity: 2, unitPrice: 10 },
        ],
      },
      wait,
    );
    const order = await until(`/v1/orders/${String(placed.body.aggregateId)}`, settled);
    expect(order).toMatchObject({ status: 'Rejected', rejectionReason: `OUT_OF_STOCK:${scarce}` });
    await expectStock(plenty, { total: 10, reserved: 0 });
    await expectStock(scarce, { total: 1, reserved: 0 });
    expect(await getJson(`/v1/payments/accounts/${customerId}`)).toMatchObject({ used: 0 });
  });

  it('rejects an order whose total exceeds the available credit and releases all its stock', async () => {
    const sku = id('sku');
    const customerId = await setUp({ [sku]: 10 }, 100);
    const placed = await post(
      `${commands.orders}/v1/orders`,
      { customerId, currency: 'EUR', lines: [{ sku, quantity: 2, unitPrice: 80 }] },
      wait,
    );
    const order = await until(`/v1/orders/${String(placed.body.aggregateId)}`, settled);
    expect(order).toMatchObject({
      status: 'Rejected',
      rejectionReason: 'PAYMENT_DECLINED:INSUFFICIENT_CREDIT',
    });
    await expectStock(sku, { total: 10, reserved: 0 });
    expect(await getJson(`/v1/payments/accounts/${customerId}`)).toMatchObject({
      used: 0,
      available: 100,
    });
  });

  it('cancelling a confirmed order refunds the payment and releases the stock', async () => {
    const sku = id('sku');
    const customerId = await setUp({ [sku]: 4 }, 500);
    const placed = await post(
      `${commands.orders}/v1/orders`,
      { customerId, currency: 'EUR', lines: [{ sku, quantity: 4, unitPrice: 25 }] },
      wait,
    );
    const orderId = String(placed.body.aggregateId);
    expect((await until(`/v1/orders/${orderId}`, settled)).status).toBe('Confirmed');
    const cancelled = await post(
      `${commands.orders}/v1/orders/${orderId}/cancel`,
      { reason: 'changed my mind' },
      wait,
    );
    expect(cancelled.status).toBe(200);
    expect(
      (await until(`/v1/orders/${orderId}`, (body) => body.status === 'Cancelled')).status,
    ).toBe('Cancelled');
    await expectStock(sku, { total: 4, reserved: 0 });
    expect(
      await until(`/v1/payments/accounts/${customerId}`, (body) => body.used === 0),
    ).toMatchObject({ used: 0, available: 500 });
  });
});
