import type { OrdersEvent } from '@orderflow/contracts';
import { describe, expect, it } from 'vitest';
import { inventoryCommandBody } from '../src/domain/commands.ts';
import {
  inventoryOnOrders,
  inventoryPolicies,
  type PolicyCommand,
  type PolicyEventMeta,
} from '../src/policies/index.ts';

const orderId = 'order-1';
const customerId = 'customer-1';
const lineA = { sku: 'sku-a', quantity: 2 };
const lineB = { sku: 'sku-b', quantity: 1 };
const meta: PolicyEventMeta = { aggregateId: orderId, version: 3, eventId: 'event-1' };

const placed: OrdersEvent = {
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    currency: 'EUR',
    lines: [
      { ...lineA, unitPrice: 1000 },
      { ...lineB, unitPrice: 550 },
    ],
    total: 2550,
    placedAt: '2026-11-23T10:00:00.000Z',
    deadline: '2026-11-23T10:15:00.000Z',
  },
};
const rejected = (
  reservedLines: { sku: string; quantity: number }[],
  reason = 'OUT_OF_STOCK:sku-c',
): OrdersEvent => ({
  type: 'OrderRejected',
  data: {
    orderId,
    reason,
    reservedLines,
    paymentAuthorized: false,
    rejectedAt: '2026-11-23T10:01:00.000Z',
  },
});
const cancelled: OrdersEvent = {
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    reason: null,
    lines: [lineA, lineB],
    amount: 2550,
    currency: 'EUR',
    cancelledAt: '2026-11-23T11:00:00.000Z',
  },
};
const releaseRequested: OrdersEvent = {
  type: 'OrderStockReleaseRequested',
  data: { orderId, ...lineB },
};

const reserve = (line: { sku: string; quantity: number }): PolicyCommand => ({
  context: 'inventory',
  type: 'ReserveStock',
  aggregateId: line.sku,
  data: { orderId, quantity: line.quantity },
  key: line.sku,
});
const release = (line: { sku: string; quantity: number }): PolicyCommand => ({
  context: 'inventory',
  type: 'ReleaseStock',
  aggregateId: line.sku,
  data: { orderId, quantity: line.quantity },
  key: line.sku,
});

const given = (event: OrdersEvent) => ({
  then: (expected: PolicyCommand[]): void => {
    const before = structuredClone(event);
    expect(inventoryOnOrders.react(event, meta)).toEqual(expected);
    expect(event).toEqual(before);
  },
});

const reactions: [string, OrdersEvent][] = [
  ['OrderPlaced', placed],
  ['OrderRejected', rejected([lineB, lineA])],
  ['OrderCancelled', cancelled],
  ['OrderStockReleaseRequested', releaseRequested],
];

describe('inventory.on-orders', () => {
  it('is the inventory policy that listens to orders', () => {
    expect(inventoryPolicies.map(({ name, sourceContext }) => ({ name, sourceContext }))).toEqual([
      { name: 'inventory.on-orders', sourceContext: 'orders' },
    ]);
  });

  it('reserves every line of a placed order, one Stock per SKU, in line order', () => {
    given(placed).then([reserve(lineA), reserve(lineB)]);
  });

  it('releases the reserved lines of a rejected order, most recent first as given', () => {
    given(rejected([lineB, lineA])).then([release(lineB), release(lineA)]);
  });

  it('releases the lines reserved before an order timed out, and only those', () => {
    given(rejected([lineA], 'TIMEOUT')).then([release(lineA)]);
  });

  it('releases nothing for a rejected order that held nothing', () => {
    given(rejected([])).then([]);
  });

  it('expects no refusal of a release: a compensation is retried until it succeeds', () => {
    const commands = inventoryOnOrders.react(cancelled, meta);
    expect(commands.map((command) => command.expectedRefusals ?? [])).toEqual([[], []]);
  });

  it('releases every line of a cancelled order', () => {
    given(cancelled).then([release(lineA), release(lineB)]);
  });

  it('releases a late reservation the order asks back', () => {
    given(releaseRequested).then([release(lineB)]);
  });

  it.each<OrdersEvent>([
    { type: 'OrderLineReserved', data: { orderId, ...lineA } },
    { type: 'OrderAwaitingPayment', data: { orderId, customerId, total: 2550, currency: 'EUR' } },
    {
      type: 'OrderConfirmed',
      data: { orderId, amount: 2550, currency: 'EUR', confirmedAt: '2026-11-23T10:02:00.000Z' },
    },
    { type: 'OrderRefundRequested', data: { orderId, customerId, amount: 2550 } },
  ])('ignores $type', (event) => {
    given(event).then([]);
  });

  it('ignores an event type it does not know (added after this code)', () => {
    given({ type: 'OrderArchived', data: { orderId } } as unknown as OrdersEvent).then([]);
  });

  it.each(reactions)('answers %s the same way every time', (_, event) => {
    const first = inventoryOnOrders.react(event, meta);
    const second = inventoryOnOrders.react(structuredClone(event), meta);
    expect(second).toEqual(first);
  });

  it.each(reactions)('issues to %s commands the inventory command path accepts', (_, event) => {
    const commands = inventoryOnOrders.react(event, meta);
    expect(commands.length).toBeGreaterThan(0);
    for (const { context, type, data } of commands) {
      expect(context).toBe('inventory');
      expect(inventoryCommandBody.safeParse({ type, data }).error).toBeUndefined();
    }
    const keys = commands.map(({ key }) => key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
