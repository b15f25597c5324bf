import { namespaced } from '@orderflow/config';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { post, wait } from '../support/command-services.ts';
import {
  committedOffset,
  positionOf,
  readSagaFacts,
  rewindGroup,
  waitUntilNoMembers,
} from '../support/saga-facts.ts';
import { countOf, expectSagaInvariants } from '../support/saga-invariants.ts';
import { id, SagaStack, settled, type Scope } from '../support/saga-stack.ts';

const stack = new SagaStack();
// Every scenario registers what it touched; the invariants are checked after each one.
let scope: Scope | undefined;

beforeAll(async () => {
  await stack.start();
});
afterAll(async () => {
  await stack.close();
});
afterEach(async () => {
  if (scope) await expectSagaInvariants(scope, (path) => stack.query(path));
  scope = undefined;
});

const given = async (stock: Record<string, number>, credit: number) => {
  scope = await stack.setUp(stock, credit);
  return scope;
};

describe('the order fulfilment saga, choreographed across the three contexts', () => {
  it('reserves every line, authorizes the total and confirms the order', async () => {
    const [a, b] = [id('sku'), id('sku')] as [string, string];
    const s = await given({ [a]: 5, [b]: 5 }, 1_000);
    const orderId = await stack.placeOrder(s, [
      { sku: a, quantity: 2, unitPrice: 100 },
      { sku: b, quantity: 1, unitPrice: 50 },
    ]);
    const order = await stack.until(`/v1/orders/${orderId}`, settled);
    expect(order.status).toBe('Confirmed');
    expect((order.timeline as { step: string }[]).map((entry) => entry.step)).toEqual(
      expect.arrayContaining([
        'OrderPlaced',
        'OrderLineReserved',
        'OrderAwaitingPayment',
        'OrderConfirmed',
      ]),
    );
    const account = await stack.until(
      `/v1/payments/accounts/${s.customerId}`,
      (body) => body.used === 250,
    );
    expect(account).toMatchObject({ creditLimit: 1_000, used: 250, available: 750 });
  });

  it('rejects an order with a line out of stock and releases the lines already reserved', async () => {
    const [plenty, scarce] = [id('sku'), id('sku')] as [string, string];
    const s = await given({ [plenty]: 10, [scarce]: 1 }, 1_000);
    const orderId = await stack.placeOrder(s, [
      { sku: plenty, quantity: 3, unitPrice: 10 },
      { sku: scarce, quantity: 2, unitPrice: 10 },
    ]);
    const order = await stack.until(`/v1/orders/${orderId}`, settled);
    expect(order).toMatchObject({ status: 'Rejected', rejectionReason: `OUT_OF_STOCK:${scarce}` });
    expect(await stack.until(`/v1/inventory/${plenty}`, (b) => b.reserved === 0)).toMatchObject({
      total: 10,
      reserved: 0,
    });
  });

  it('rejects an order whose total exceeds the available credit and releases all its stock', async () => {
    const sku = id('sku');
    const s = await given({ [sku]: 10 }, 100);
    const orderId = await stack.placeOrder(s, [{ sku, quantity: 2, unitPrice: 80 }]);
    const order = await stack.until(`/v1/orders/${orderId}`, settled);
    expect(order).toMatchObject({
      status: 'Rejected',
      rejectionReason: 'PAYMENT_DECLINED:INSUFFICIENT_CREDIT',
    });
    expect(await stack.query(`/v1/payments/accounts/${s.customerId}`)).toMatchObject({
      used: 0,
      available: 100,
    });
  });

  it('cancelling a confirmed order refunds the payment and releases the stock', async () => {
    const sku = id('sku');
    const s = await given({ [sku]: 4 }, 500);
    const orderId = await stack.placeOrder(s, [{ sku, quantity: 4, unitPrice: 25 }]);
    expect((await stack.until(`/v1/orders/${orderId}`, settled)).status).toBe('Confirmed');
    const cancelled = await post(
      `${stack.url('orders')}/v1/orders/${orderId}/cancel`,
      { reason: 'changed my mind' },
      wait,
    );
    expect(cancelled.status).toBe(200);
    const order = await stack.until(`/v1/orders/${orderId}`, (body) => body.status === 'Cancelled');
    expect(order.status).toBe('Cancelled');
    expect(
      await stack.until(`/v1/payments/accounts/${s.customerId}`, (body) => body.used === 0),
    ).toMatchObject({ used: 0, available: 500 });
  });

  it('an event delivered twice to the policies issues the same commands: no second reservation or authorization', async () => {
    const [a, b] = [id('sku'), id('sku')] as [string, string];
    const s = await given({ [a]: 5, [b]: 5 }, 1_000);
    const orderId = await stack.placeOrder(s, [
      { sku: a, quantity: 1, unitPrice: 100 },
      { sku: b, quantity: 2, unitPrice: 100 },
    ]);
    expect((await stack.until(`/v1/orders/${orderId}`, settled)).status).toBe('Confirmed');

    // Both policies go back to before this order's events (stopped first: the broker moves
    // only an empty group), then come back and read OrderPlaced and OrderAwaitingPayment again.
    const rewinds = [
      {
        context: 'inventory',
        group: namespaced('policy.inventory.on-orders'),
        type: 'OrderPlaced',
      },
      {
        context: 'payments',
        group: namespaced('policy.payments.on-orders'),
        type: 'OrderAwaitingPayment',
      },
    ] as const;
    await Promise.all(rewinds.map(({ context }) => stack.stop(context)));
    await waitUntilNoMembers(rewinds.map(({ group }) => group));
    const committed = [];
    for (const rewind of rewinds) {
      const position = await positionOf('orders', orderId, rewind.type);
      const before = await committedOffset(rewind.group, position.topic, position.partition);
      expect(BigInt(before)).toBeGreaterThan(BigInt(position.offset));
      await rewindGroup(rewind.group, position);
      committed.push({ ...rewind, position, before });
    }
    await Promise.all(rewinds.map(({ context }) => stack.restart(context)));
    for (const { group, position, before } of committed) {
      // Redelivered for sure: the group committed past the rewound records again.
      for (let i = 0; i < 600; i++) {
        const now = await committedOffset(group, position.topic, position.partition);
        if (BigInt(now) >= BigInt(before)) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(
        BigInt(await committedOffset(group, position.topic, position.partition)),
      ).toBeGreaterThanOrEqual(BigInt(before));
    }
    const facts = await readSagaFacts(s);
    expect(countOf(facts.inventory.get(a), 'StockReserved')).toBe(1);
    expect(countOf(facts.inventory.get(b), 'StockReserved')).toBe(1);
    expect(countOf(facts.payments.get(s.customerId), 'PaymentAuthorized')).toBe(1);
  });
});
