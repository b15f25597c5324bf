import type { OrdersEvent, ReservedLine } from '@orderflow/contracts';
import { answeredAt, customerId, deadline, orderId, placedAt } from './order-spec.ts';

export const lineA = { sku: 'sku-a', quantity: 2, unitPrice: 1000 };
export const lineB = { sku: 'sku-b', quantity: 1, unitPrice: 550 };
export const total = 2550;

/** Every event below that carries a currency uses this one unless given another. */
export const currency = 'EUR';

export const placedIn = (placedCurrency: string): OrdersEvent => ({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    currency: placedCurrency,
    lines: [lineA, lineB],
    total,
    placedAt,
    deadline,
  },
});
export const placed = placedIn(currency);

export const lineReserved = (line: { sku: string; quantity: number }): OrdersEvent => ({
  type: 'OrderLineReserved',
  data: { orderId, sku: line.sku, quantity: line.quantity },
});

export const awaitingPaymentIn = (orderCurrency: string): OrdersEvent => ({
  type: 'OrderAwaitingPayment',
  data: { orderId, customerId, total, currency: orderCurrency },
});
export const awaitingPayment = awaitingPaymentIn(currency);

export const confirmedIn = (orderCurrency: string): OrdersEvent => ({
  type: 'OrderConfirmed',
  data: { orderId, amount: total, currency: orderCurrency, confirmedAt: answeredAt },
});
export const confirmed = confirmedIn(currency);

export const rejected = (
  reason: string,
  reservedLines: ReservedLine[],
  options: { paymentAuthorized?: boolean; rejectedAt?: string } = {},
): OrdersEvent => ({
  type: 'OrderRejected',
  data: {
    orderId,
    reason,
    reservedLines,
    paymentAuthorized: options.paymentAuthorized ?? false,
    rejectedAt: options.rejectedAt ?? answeredAt,
  },
});

export const releaseRequested = (line: { sku: string; quantity: number }): OrdersEvent => ({
  type: 'OrderStockReleaseRequested',
  data: { orderId, sku: line.sku, quantity: line.quantity },
});

export const refundRequested = (amount: number): OrdersEvent => ({
  type: 'OrderRefundRequested',
  data: { orderId, customerId, amount },
});

export const cancelled = (
  reason: string | null,
  cancelledAt = answeredAt,
  orderCurrency = currency,
): OrdersEvent => ({
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    reason,
    lines: [reserved(lineB), reserved(lineA)],
    amount: total,
    currency: orderCurrency,
    cancelledAt,
  },
});

export const reserved = ({ sku, quantity }: { sku: string; quantity: number }): ReservedLine => ({
  sku,
  quantity,
});

// The histories the saga goes through, A reserved before B.
export const placedHistory = [placed];
export const partlyReservedHistory = [placed, lineReserved(lineA)];
/** Every line reserved, A then B, for an order placed in `orderCurrency`. */
export const awaitingPaymentHistoryIn = (orderCurrency: string) => [
  placedIn(orderCurrency),
  lineReserved(lineA),
  lineReserved(lineB),
  awaitingPaymentIn(orderCurrency),
];
export const awaitingPaymentHistory = awaitingPaymentHistoryIn(currency);
export const confirmedHistoryIn = (orderCurrency: string) => [
  ...awaitingPaymentHistoryIn(orderCurrency),
  confirmedIn(orderCurrency),
];
export const confirmedHistory = confirmedHistoryIn(currency);
export const cancelledHistory = [...confirmedHistory, cancelled(null)];
/** Rejected while line A was reserved and B was not: A was handed back with the rejection. */
export const rejectedHistory = [
  ...partlyReservedHistory,
  rejected('OUT_OF_STOCK:sku-b', [reserved(lineA)]),
];
/** Rejected by its deadline while payments had not answered: every line handed back. */
export const timedOutHistory = [
  ...awaitingPaymentHistory,
  rejected('TIMEOUT', [reserved(lineB), reserved(lineA)]),
];
