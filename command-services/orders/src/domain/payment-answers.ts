import type { OrdersEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import type { RecordPaymentAuthorized, RecordPaymentDeclined } from './commands.ts';
import type { AwaitingPaymentOrder, Order } from './order.ts';
import { existingOrder } from './order-lookup.ts';
import { rejectOrder, reservedLinesOf } from './rejection.ts';
import { unreachable } from './unreachable.ts';

// Payments is asked only by OrderAwaitingPayment, so an answer while Placed is a wiring bug.
const notAwaitingPayment = (orderId: string) =>
  new DomainError('ORDER_NOT_AWAITING_PAYMENT', `order ${orderId} has not asked for a payment`);

export const recordPaymentAuthorized = (
  command: RecordPaymentAuthorized,
  state: Order,
): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const order = existingOrder(state, orderId);
  const { amount } = command.data;
  switch (order.status) {
    case 'Placed':
      throw notAwaitingPayment(orderId);
    case 'AwaitingPayment':
      if (amount !== order.total) return refuseMismatchedPayment(command, order);
      return [
        {
          type: 'OrderConfirmed',
          data: {
            orderId,
            amount,
            currency: order.currency,
            confirmedAt: command.metadata.issuedAt,
          },
        },
      ];
    // A duplicate: a cancellation already asked for the refund.
    case 'Confirmed':
    case 'Cancelled':
      return [];
    case 'Rejected':
      // A late authorization holds the customer's credit: it must be refunded, once.
      if (order.refundRequested) return [];
      return [refundRequested(orderId, order.customerId, amount)];
    default:
      return unreachable(order);
  }
};

/** Payments authorized another amount than asked: keep nothing, give everything back. */
const refuseMismatchedPayment = (
  command: RecordPaymentAuthorized,
  order: AwaitingPaymentOrder,
): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const rejection = {
    reason: 'PAYMENT_MISMATCH',
    reservedLines: reservedLinesOf(order),
    rejectedAt: command.metadata.issuedAt,
  };
  return [
    rejectOrder(orderId, rejection, true),
    refundRequested(orderId, order.customerId, command.data.amount),
  ];
};

const refundRequested = (orderId: string, customerId: string, amount: number): OrdersEvent => ({
  type: 'OrderRefundRequested',
  data: { orderId, customerId, amount },
});

export const recordPaymentDeclined = (
  command: RecordPaymentDeclined,
  state: Order,
): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const order = existingOrder(state, orderId);
  switch (order.status) {
    case 'Placed':
      throw notAwaitingPayment(orderId);
    case 'AwaitingPayment':
      return [
        rejectOrder(orderId, {
          reason: `PAYMENT_DECLINED:${command.data.reason}`,
          reservedLines: reservedLinesOf(order),
          rejectedAt: command.metadata.issuedAt,
        }),
      ];
    // Nothing was authorized, so a late or duplicate decline has nothing to undo.
    case 'Confirmed':
    case 'Rejected':
    case 'Cancelled':
      return [];
    default:
      return unreachable(order);
  }
};
