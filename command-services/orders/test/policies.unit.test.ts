import type { InventoryEvent, PaymentsEvent } from '@orderflow/contracts';
import { describe, expect, it } from 'vitest';
import { ordersCommandBody } from '../src/domain/commands.ts';
import {
  ordersOnInventory,
  ordersOnPayments,
  ordersPolicies,
  type PolicyCommand,
  type PolicyEventMeta,
} from '../src/policies/index.ts';

const orderId = 'order-1';
const customerId = 'customer-1';
const sku = 'sku-a';

const stockReserved: InventoryEvent = {
  type: 'StockReserved',
  data: { sku, orderId, quantity: 2, availableAfter: 8 },
};
const stockRejected: InventoryEvent = {
  type: 'StockReservationRejected',
  data: { sku, orderId, quantity: 2, available: 1, reason: 'INSUFFICIENT_STOCK' },
};
const paymentAuthorized: PaymentsEvent = {
  type: 'PaymentAuthorized',
  data: { customerId, orderId, amount: 2550, currency: 'EUR', availableAfter: 7450 },
};
const paymentDeclined: PaymentsEvent = {
  type: 'PaymentDeclined',
  data: {
    customerId,
    orderId,
    amount: 2550,
    currency: 'EUR',
    available: 1000,
    reason: 'INSUFFICIENT_CREDIT',
  },
};

const inventoryMeta: PolicyEventMeta = { aggregateId: sku, version: 4, eventId: 'event-1' };
const paymentsMeta: PolicyEventMeta = { aggregateId: customerId, version: 2, eventId: 'event-2' };

const toOrder = (type: string, data: unknown): PolicyCommand => ({
  context: 'orders',
  type,
  aggregateId: orderId,
  data,
  key: type,
  expectedRefusals: ['ORDER_NOT_FOUND', 'LINE_NOT_FOUND', 'ORDER_NOT_AWAITING_PAYMENT'],
});

const givenInventory = (event: InventoryEvent) => ({
  then: (expected: PolicyCommand[]): void => {
    expect(ordersOnInventory.react(event, inventoryMeta)).toEqual(expected);
  },
});
const givenPayments = (event: PaymentsEvent) => ({
  then: (expected: PolicyCommand[]): void => {
    expect(ordersOnPayments.react(event, paymentsMeta)).toEqual(expected);
  },
});

/** Every reaction, run the same way: the event in, the commands out. */
const reactions: [string, () => PolicyCommand[]][] = [
  ['StockReserved', () => ordersOnInventory.react(structuredClone(stockReserved), inventoryMeta)],
  [
    'StockReservationRejected',
    () => ordersOnInventory.react(structuredClone(stockRejected), inventoryMeta),
  ],
  [
    'PaymentAuthorized',
    () => ordersOnPayments.react(structuredClone(paymentAuthorized), paymentsMeta),
  ],
  ['PaymentDeclined', () => ordersOnPayments.react(structuredClone(paymentDeclined), paymentsMeta)],
];

describe('orders policies', () => {
  it('listen to inventory and to payments', () => {
    expect(ordersPolicies.map(({ name, sourceContext }) => ({ name, sourceContext }))).toEqual([
      { name: 'orders.on-inventory', sourceContext: 'inventory' },
      { name: 'orders.on-payments', sourceContext: 'payments' },
    ]);
  });

  it.each(reactions)('answer %s the same way every time', (_, react) => {
    expect(react()).toEqual(react());
  });

  it.each(reactions)('issue for %s commands the orders command path accepts', (_, react) => {
    const commands = react();
    expect(commands).toHaveLength(1);
    for (const { context, type, data } of commands) {
      expect(context).toBe('orders');
      expect(ordersCommandBody.safeParse({ type, data }).error).toBeUndefined();
    }
  });
});

describe('orders.on-inventory', () => {
  it('tells the order a line is reserved', () => {
    givenInventory(stockReserved).then([toOrder('RecordStockReserved', { sku, quantity: 2 })]);
  });

  it('tells the order a line was refused, with inventory’s reason', () => {
    givenInventory(stockRejected).then([
      toOrder('RecordStockRejected', { sku, reason: 'INSUFFICIENT_STOCK' }),
    ]);
  });

  it.each<InventoryEvent>([
    { type: 'ProductRegistered', data: { sku, name: 'Blue mug', initialStock: 10 } },
    { type: 'StockRestocked', data: { sku, quantity: 5, totalAfter: 15 } },
    { type: 'StockReleased', data: { sku, orderId, quantity: 2, availableAfter: 10 } },
  ])('ignores $type', (event) => {
    givenInventory(event).then([]);
  });

  it('ignores an event type it does not know (added after this code)', () => {
    givenInventory({ type: 'ProductRetired', data: { sku } } as unknown as InventoryEvent).then([]);
  });
});

describe('orders.on-payments', () => {
  it('tells the order its payment is authorized, with the amount', () => {
    givenPayments(paymentAuthorized).then([toOrder('RecordPaymentAuthorized', { amount: 2550 })]);
  });

  it('tells the order its payment was declined, with payments’ reason', () => {
    givenPayments(paymentDeclined).then([
      toOrder('RecordPaymentDeclined', { reason: 'INSUFFICIENT_CREDIT' }),
    ]);
  });

  it.each<PaymentsEvent>([
    { type: 'AccountOpened', data: { customerId, creditLimit: 10000, currency: 'EUR' } },
    { type: 'CreditGranted', data: { customerId, amount: 500, creditLimitAfter: 10500 } },
    {
      type: 'PaymentRefunded',
      data: { customerId, orderId, amount: 2550, availableAfter: 10000 },
    },
  ])('ignores $type', (event) => {
    givenPayments(event).then([]);
  });

  it('ignores an event type it does not know (added after this code)', () => {
    givenPayments({ type: 'AccountClosed', data: { customerId } } as unknown as PaymentsEvent).then(
      [],
    );
  });
});
