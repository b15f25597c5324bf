import type { OrdersEvent, ReservedLine } from '@orderflow/contracts';
import type { OrderDetails } from './order.ts';

export type OrderRejectedEvent = Extract<OrdersEvent, { type: 'OrderRejected' }>;

/**
 * The reserved lines to hand back, latest reservation first: compensations run in reverse order
 * of the steps they undo.
 */
export const reservedLinesOf = (order: OrderDetails & { reserved: string[] }): ReservedLine[] =>
  order.reserved.toReversed().flatMap((sku) => {
    const line = order.lines.find((candidate) => candidate.sku === sku);
    return line ? [{ sku, quantity: line.quantity }] : [];
  });

export const rejectOrder = (
  orderId: string,
  rejection: { reason: string; reservedLines: ReservedLine[]; rejectedAt: string },
  paymentAuthorized = false,
): OrderRejectedEvent => ({
  type: 'OrderRejected',
  data: { orderId, ...rejection, paymentAuthorized },
});
