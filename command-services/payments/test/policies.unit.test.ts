import type { OrdersEvent } from '@orderflow/contracts';
import { describe, expect, it } from 'vitest';
import { paymentsCommandBody } from '../src/domain/commands.ts';
import {
  paymentsOnOrders,
  paymentsPolicies,
  type PolicyCommand,
  type PolicyEventMeta,
} from '../src/policies/index.ts';

const orderId = 'order-1';
const customerId = 'customer-1';
const total = 2550;
const meta: PolicyEventMeta = { aggregateId: orderId, version: 4, eventId: 'event-1' };

const awaitingPayment: OrdersEvent = {
  type: 'OrderAwaitingPayment',
  data: { orderId, customerId, total, currency: 'EUR' },
};
const cancelled: OrdersEvent = {
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    reason: 'changed my mind',
    lines: [{ sku: 'sku-a', quantity: 2 }],
    amount: total,
    currency: 'EUR',
    cancelledAt: '2026-11-23T11:00:00.000Z',
  },
};
const refundRequested: OrdersEvent = {
  type: 'OrderRefundRequested',
  data: { orderId, customerId, amount: total },
};

const onAccount = (type: string, data: unknown): PolicyCommand => ({
  context: 'payments',
  type,
  aggregateId: customerId,
  data,
  key: type,
});

const given = (event: OrdersEvent) => ({
  then: (expected: PolicyCommand[]): void => {
    expect(paymentsOnOrders.react(event, meta)).toEqual(expected);
  },
});

const reactions: [string, OrdersEvent][] = [
  ['OrderAwaitingPayment', awaitingPayment],
  ['OrderCancelled', cancelled],
  ['OrderRefundRequested', refundRequested],
];

describe('payments.on-orders', () => {
  it('is the payments policy that listens to orders', () => {
    expect(paymentsPolicies.map(({ name, sourceContext }) => ({ name, sourceContext }))).toEqual([
      { name: 'payments.on-orders', sourceContext: 'orders' },
    ]);
  });

  it('authorizes the total of an order whose lines are all reserved, on the customer’s account', () => {
    given(awaitingPayment).then([
      onAccount('AuthorizePayment', { orderId, amount: total, currency: 'EUR' }),
    ]);
  });

  it('refunds a cancelled order', () => {
    given(cancelled).then([onAccount('RefundPayment', { orderId })]);
  });

  it('refunds a payment the order asks back (authorized after its rejection)', () => {
    given(refundRequested).then([onAccount('RefundPayment', { orderId })]);
  });

  it.each<OrdersEvent>([
    {
      type: 'OrderPlaced',
      data: {
        orderId,
        customerId,
        currency: 'EUR',
        lines: [{ sku: 'sku-a', quantity: 2, unitPrice: 1275 }],
        total,
        placedAt: '2026-11-23T10:00:00.000Z',
        deadline: '2026-11-23T10:15:00.000Z',
      },
    },
    { type: 'OrderLineReserved', data: { orderId, sku: 'sku-a', quantity: 2 } },
    {
      type: 'OrderConfirmed',
      data: { orderId, amount: total, currency: 'EUR', confirmedAt: '2026-11-23T10:02:00.000Z' },
    },
    // Its refund, if a payment was authorized, follows as OrderRefundRequested.
    {
      type: 'OrderRejected',
      data: {
        orderId,
        reason: 'PAYMENT_MISMATCH',
        reservedLines: [],
        paymentAuthorized: true,
        rejectedAt: '2026-11-23T10:02:00.000Z',
      },
    },
    { type: 'OrderStockReleaseRequested', data: { orderId, sku: 'sku-a', quantity: 2 } },
  ])('ignores $type', (event) => {
    given(event).then([]);
  });

  it('ignores an event type it does not know (added after this code)', () => {
    given({ type: 'OrderArchived', data: { orderId } } as unknown as OrdersEvent).then([]);
  });

  it.each(reactions)('answers %s the same way every time', (_, event) => {
    const first = paymentsOnOrders.react(event, meta);
    const second = paymentsOnOrders.react(structuredClone(event), meta);
    expect(second).toEqual(first);
  });

  it.each(reactions)('issues for %s commands the payments command path accepts', (_, event) => {
    const commands = paymentsOnOrders.react(event, meta);
    expect(commands).toHaveLength(1);
    for (const { context, type, data } of commands) {
      expect(context).toBe('payments');
      expect(paymentsCommandBody.safeParse({ type, data }).error).toBeUndefined();
    }
  });
});
