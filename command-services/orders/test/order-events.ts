import type { OrdersEvent, ReservedLine } from '@orderflow/contracts';
import { answeredAt, customerId, deadline, orderId, placedAt } from './order-spec.ts';

export const lineA = { sku: 'sku-a', quantity: 2, unitPrice: 1000 };
export const lineB = { sku: 'sku-b', quantity: 1, unitPrice: 550 };
export const total = 2550;

export const placed: OrdersEvent = {
  type: 'OrderPlaced',
  data: { orderId, customerId, currency: 'EUR', lines: [lineA, lineB], total, placedAt, deadline },
};

export const lineReserved = (line: { sku: string; quantity: number }): OrdersEvent => ({
  type: 'OrderLineReserved',
  data: { orderId, sku: line.sku, quantity: line.quantity },
});

export const awaitingPayment: OrdersEvent = {
  type: 'OrderAwaitingPayment',
  data: { orderId, customerId, total, currency: 'EUR' },
};

export const confirmed: OrdersEvent = {
  type: 'OrderConfirmed',
  data: { orderId, amount: total, confirmedAt: answeredAt },
};

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

export const cancelled = (reason: string | null, cancelledAt = answeredAt): OrdersEvent => ({
  type: 'OrderCancelled',
  data: {
    orderId,
    customerId,
    reason,
    lines: [reserved(lineB), reserved(lineA)],
    amount: total,
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
export const awaitingPaymentHistory = [
  placed,
  lineReserved(lineA),
  lineReserved(lineB),
  awaitingPayment,
];
export const confirmedHistory = [...awaitingPaymentHistory, confirmed];
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
