import type { OrdersEvent, ReservedLine } from '@orderflow/contracts';
import { instantOf, streamOf } from './envelopes.ts';

export const orderId = 'order-7';
export const customerId = 'cust-42';
export const lineA = { sku: 'sku-a', quantity: 2, unitPrice: 1000 };
export const lineB = { sku: 'sku-b', quantity: 1, unitPrice: 550 };
export const total = 2550;
export const placedAt = instantOf(1);
export const deadline = '2025-03-15T00:30:00.000Z';

const held = ({ sku, quantity }: ReservedLine): ReservedLine => ({ sku, quantity });

export const placed: OrdersEvent = {
  type: 'OrderPlaced',
  data: { orderId, customerId, currency: 'EUR', lines: [lineA, lineB], total, placedAt, deadline },
};

export const lineReserved = (line: ReservedLine): OrdersEvent => ({
  type: 'OrderLineReserved',
  data: { orderId, ...held(line) },
});

export const awaitingPayment: OrdersEvent = {
  type: 'OrderAwaitingPayment',
  data: { orderId, customerId, total, currency: 'EUR' },
};

export const confirmed = (confirmedAt: string, currency = 'EUR'): OrdersEvent => ({
  type: 'OrderConfirmed',
  data: { orderId, amount: total, currency, confirmedAt },
});

export const rejected = (
  reason: string,
  reservedLines: ReservedLine[],
  rejectedAt: string,
  paymentAuthorized = false,
): OrdersEvent => ({
  type: 'OrderRejected',
  data: { orderId, reason, reservedLines: reservedLines.map(held), paymentAuthorized, rejectedAt },
});

export const cancelled = (
  reason: string | null,
  cancelledAt: string,
  currency = 'EUR',
): OrdersEvent => ({
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    reason,
    lines: [held(lineB), held(lineA)],
    amount: total,
    currency,
    cancelledAt,
  },
});

export const releaseRequested = (line: ReservedLine): OrdersEvent => ({
  type: 'OrderStockReleaseRequested',
  data: { orderId, ...held(line) },
});

export const refundRequested = (amount: number): OrdersEvent => ({
  type: 'OrderRefundRequested',
  data: { orderId, customerId, amount },
});

const orders = (events: OrdersEvent[]) => streamOf('orders', orderId, events);

// The saga's paths, as the orders decider records them (A answered before B). Instants passed
// in the events match the envelopes' occurredAt of the same version.
const reservedBoth = [placed, lineReserved(lineA), lineReserved(lineB), awaitingPayment];

export const happySaga = orders([...reservedBoth, confirmed(instantOf(5))]);
export const outOfStockSaga = orders([
  placed,
  lineReserved(lineA),
  rejected('OUT_OF_STOCK:sku-b', [lineA], instantOf(3)),
]);
export const paymentDeclinedSaga = orders([
  ...reservedBoth,
  rejected('PAYMENT_DECLINED:INSUFFICIENT_CREDIT', [lineB, lineA], instantOf(5)),
]);
/** The deadline passed while payments was silent; its authorization then came late. */
export const timedOutThenPaidSaga = orders([
  ...reservedBoth,
  rejected('TIMEOUT', [lineB, lineA], instantOf(5)),
  refundRequested(total),
]);
/** The deadline passed with line B unanswered; its reservation then came late. */
export const timedOutThenReservedSaga = orders([
  placed,
  lineReserved(lineA),
  rejected('TIMEOUT', [lineA], instantOf(3)),
  releaseRequested(lineB),
]);
export const cancelledSaga = orders([
  ...reservedBoth,
  confirmed(instantOf(5)),
  cancelled('changed my mind', instantOf(6)),
]);
