import type { OrderLine } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import type { KnownOrder, Order, OrderDetails } from './order.ts';

export const existingOrder = (state: Order, orderId: string): KnownOrder => {
  if (state.status === 'Unknown') {
    throw new DomainError('ORDER_NOT_FOUND', `order ${orderId} does not exist`);
  }
  return state;
};

/** An answer about a SKU the order never asked for is a wiring bug, not a late answer. */
export const lineOf = (order: OrderDetails, sku: string, orderId: string): OrderLine => {
  const line = order.lines.find((candidate) => candidate.sku === sku);
  if (!line) throw new DomainError('LINE_NOT_FOUND', `order ${orderId} has no line for ${sku}`);
  return line;
};

export const detailsOf = (order: OrderDetails): OrderDetails => ({
  customerId: order.customerId,
  currency: order.currency,
  lines: order.lines,
  total: order.total,
  placedAt: order.placedAt,
  deadline: order.deadline,
});
