import type { OrderLine, OrdersEvent } from '@orderflow/contracts';
import type { RecordStockRejected, RecordStockReserved } from './commands.ts';
import type { Order, PlacedOrder } from './order.ts';
import { existingOrder, lineOf } from './order-lookup.ts';
import { rejectOrder, reservedLinesOf } from './rejection.ts';
import { unreachable } from './unreachable.ts';

export const recordStockReserved = (command: RecordStockReserved, state: Order): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const order = existingOrder(state, orderId);
  const { sku, quantity } = command.data;
  const line = lineOf(order, sku, orderId);
  switch (order.status) {
    case 'Placed':
      return reserveLine(command, order, line);
    // Every line was reserved before these states: the answer is a duplicate.
    case 'AwaitingPayment':
    case 'Confirmed':
    case 'Cancelled':
      return [];
    case 'Rejected':
      // A late reservation nobody will use: inventory must give it back, once.
      if (order.released.includes(sku)) return [];
      return [{ type: 'OrderStockReleaseRequested', data: { orderId, sku, quantity } }];
    default:
      return unreachable(order);
  }
};

const reserveLine = (
  command: RecordStockReserved,
  order: PlacedOrder,
  line: OrderLine,
): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const { sku, quantity } = command.data;
  if (order.reserved.includes(sku)) return [];
  if (quantity !== line.quantity) {
    // Inventory holds a reservation the order cannot use: refuse the order, so it is released.
    const reservedLines = [{ sku, quantity }, ...reservedLinesOf(order)];
    const rejectedAt = command.metadata.issuedAt;
    return [
      rejectOrder(orderId, { reason: `RESERVATION_MISMATCH:${sku}`, reservedLines, rejectedAt }),
    ];
  }
  const reserved: OrdersEvent = { type: 'OrderLineReserved', data: { orderId, sku, quantity } };
  // SKUs are unique per order, so counting reserved ones tells when the last line is in.
  if (order.reserved.length + 1 < order.lines.length) return [reserved];
  const { customerId, total, currency } = order;
  return [
    reserved,
    { type: 'OrderAwaitingPayment', data: { orderId, customerId, total, currency } },
  ];
};

export const recordStockRejected = (command: RecordStockRejected, state: Order): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const order = existingOrder(state, orderId);
  const { sku, reason } = command.data;
  lineOf(order, sku, orderId);
  // Once the line is reserved, a refusal for it (a retried request refused) changes nothing;
  // after Placed every line is reserved or the order is over.
  if (order.status !== 'Placed' || order.reserved.includes(sku)) return [];
  return [
    rejectOrder(orderId, {
      reason: stockRejectionReason(sku, reason),
      reservedLines: reservedLinesOf(order),
      rejectedAt: command.metadata.issuedAt,
    }),
  ];
};

/** Inventory says INSUFFICIENT_STOCK; the order reports which line ran out. */
const stockRejectionReason = (sku: string, reason: string): string =>
  `${reason === 'INSUFFICIENT_STOCK' ? 'OUT_OF_STOCK' : reason}:${sku}`;
