import { namespaced } from '@orderflow/config';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  committedOffset,
  positionOf,
  readSagaFacts,
  type SagaFacts,
} from '../support/saga-facts.ts';
import { countOf, expectSagaInvariants } from '../support/saga-invariants.ts';
import { id, SagaStack, settled, type Body, type Scope } from '../support/saga-stack.ts';

// Failures: a silent context, deadlines, crashes. The processes are real children; the
// deadline is short so that a timeout takes seconds.
const timeoutMs = 5_000;
const longTimeout = { ORDER_TIMEOUT_MS: '600000' };
const shortTimeout = { ORDER_TIMEOUT_MS: String(timeoutMs) };
const stack = new SagaStack();
let scope: Scope | undefined;

beforeAll(async () => {
  await stack.start({ orders: longTimeout });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(async () => {
  await stack.ensureRunning();
});
afterEach(async () => {
  if (scope) await expectSagaInvariants(scope, (path) => stack.query(path), 90_000);
  scope = undefined;
});

const given = async (stock: Record<string, number>, credit: number) => {
  scope = await stack.setUp(stock, credit);
  return scope;
};

/** Reads the topics until `accept` holds (bounded): compensations run asynchronously. */
const factsUntil = async (s: Scope, accept: (facts: SagaFacts) => boolean) => {
  let facts = await readSagaFacts(s);
  for (let i = 0; i < 60 && !accept(facts); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    facts = await readSagaFacts(s);
  }
  return facts;
};

/** The order read model shows the timeout: status, reason, and a timeline step with its time. */
const expectTimedOut = (order: Body) => {
  expect(order).toMatchObject({ status: 'Rejected', rejectionReason: 'TIMEOUT' });
  const timeline = order.timeline as { step: string; at: string; detail?: string }[];
  const step = timeline.find((entry) => entry.step === 'OrderRejected');
  expect(step?.detail).toMatch(/^TIMEOUT/);
  expect(Date.parse(step?.at ?? '')).not.toBeNaN();
};

describe('the saga when a context is silent, a deadline passes, or a process crashes', () => {
  it('a command service SIGKILLed mid-saga and restarted: the saga completes exactly once', async () => {
    const skus = [id('sku'), id('sku'), id('sku')];
    const s = await given(Object.fromEntries(skus.map((sku) => [sku, 5])), 1_000);
    const orderId = await stack.placeOrder(
      s,
      skus.map((sku) => ({ sku, quantity: 1, unitPrice: 100 })),
    );
    await stack.kill('inventory');
    await stack.restart('inventory');
    const order = await stack.until(`/v1/orders/${orderId}`, settled, 150_000);
    expect(order.status).toBe('Confirmed');
    const facts = await readSagaFacts(s);
    expect(countOf(facts.orders.get(orderId), 'OrderConfirmed')).toBe(1);
    for (const sku of skus) expect(countOf(facts.inventory.get(sku), 'StockReserved')).toBe(1);
    expect(countOf(facts.payments.get(s.customerId), 'PaymentAuthorized')).toBe(1);
  });

  it('payments stopped: the order times out, and the late authorization is refunded once payments is back', async () => {
    await stack.restart('orders', shortTimeout);
    const [a, b] = [id('sku'), id('sku')] as [string, string];
    const s = await given({ [a]: 5, [b]: 5 }, 1_000);
    await stack.silence('payments');
    const orderId = await stack.placeOrder(s, [
      { sku: a, quantity: 2, unitPrice: 100 },
      { sku: b, quantity: 1, unitPrice: 100 },
    ]);
    const order = await stack.until(`/v1/orders/${orderId}`, settled, 60_000);
    expectTimedOut(order);
    await stack.until(`/v1/inventory/${a}`, (body) => body.reserved === 0);

    await stack.restart('payments');
    const facts = await factsUntil(
      s,
      (f) => countOf(f.payments.get(s.customerId), 'PaymentRefunded') > 0,
    );
    expect(countOf(facts.payments.get(s.customerId), 'PaymentAuthorized')).toBe(1);
    expect(countOf(facts.payments.get(s.customerId), 'PaymentRefunded')).toBe(1);
    expect(countOf(facts.orders.get(orderId), 'OrderRejected')).toBe(1);
    expect(countOf(facts.orders.get(orderId), 'OrderRefundRequested')).toBe(1);
  });

  it('inventory stopped: the order times out, and the late reservation is released once inventory is back', async () => {
    await stack.restart('orders', shortTimeout);
    const sku = id('sku');
    const s = await given({ [sku]: 5 }, 1_000);
    await stack.silence('inventory');
    const orderId = await stack.placeOrder(s, [{ sku, quantity: 2, unitPrice: 100 }]);
    expectTimedOut(await stack.until(`/v1/orders/${orderId}`, settled, 60_000));

    await stack.restart('inventory');
    const facts = await factsUntil(s, (f) => countOf(f.inventory.get(sku), 'StockReleased') > 0);
    expect(countOf(facts.inventory.get(sku), 'StockReserved')).toBe(1);
    expect(countOf(facts.inventory.get(sku), 'StockReleased')).toBe(1);
    expect(countOf(facts.orders.get(orderId), 'OrderStockReleaseRequested')).toBe(1);
    expect(countOf(facts.payments.get(s.customerId), 'PaymentAuthorized')).toBe(0);
  });

  it('the deadline survives a SIGKILL of the orders service: restarted after the deadline, the order times out exactly once', async () => {
    const sku = id('sku');
    const s = await given({ [sku]: 5 }, 1_000);
    await stack.silence('payments'); // no answer can confirm the order: only the deadline ends it
    const orderId = await stack.placeOrder(s, [{ sku, quantity: 1, unitPrice: 100 }]);
    // Killed once the deadline is only in Kafka: the deadlines group has committed past the
    // OrderPlaced, so the restarted service can learn it from the changelog alone.
    const placed = await positionOf('orders', orderId, 'OrderPlaced');
    const past = (offset: string) => BigInt(offset) > BigInt(placed.offset);
    for (let i = 0; i < 120; i++) {
      if (
        past(await committedOffset(namespaced('orders.deadlines'), placed.topic, placed.partition))
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(
      past(await committedOffset(namespaced('orders.deadlines'), placed.topic, placed.partition)),
    ).toBe(true);
    await stack.kill('orders');
    await new Promise((resolve) => setTimeout(resolve, timeoutMs + 2_000));
    // Nobody expired it while the orders service was down.
    expect(settled(await stack.query(`/v1/orders/${orderId}`))).toBe(false);

    await stack.restart('orders', shortTimeout);
    expectTimedOut(await stack.until(`/v1/orders/${orderId}`, settled, 150_000));
    await stack.restart('payments');
    const facts = await factsUntil(s, (f) => {
      const authorized = countOf(f.payments.get(s.customerId), 'PaymentAuthorized');
      return authorized === countOf(f.payments.get(s.customerId), 'PaymentRefunded');
    });
    expect(countOf(facts.orders.get(orderId), 'OrderRejected')).toBe(1);
    expect(countOf(facts.orders.get(orderId), 'OrderConfirmed')).toBe(0);
  });
});
