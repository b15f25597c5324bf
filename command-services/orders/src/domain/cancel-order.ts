import type { OrdersEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import type { CancelOrder } from './commands.ts';
import type { Order } from './order.ts';
import { existingOrder } from './order-lookup.ts';
import { reservedLinesOf } from './rejection.ts';
import { unreachable } from './unreachable.ts';

/** Only a confirmed order is the customer's to cancel: before that, the saga is still deciding. */
export const cancelOrder = (command: CancelOrder, state: Order): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const order = existingOrder(state, orderId);
  switch (order.status) {
    case 'Confirmed':
      return [
        {
          type: 'OrderCancelled',
          data: {
            orderId,
            customerId: order.customerId,
            reason: command.data.reason ?? null,
            lines: reservedLinesOf(order),
            amount: order.amount,
            currency: order.currency,
            cancelledAt: command.metadata.issuedAt,
          },
        },
      ];
    case 'Cancelled':
      return [];
    case 'Placed':
    case 'AwaitingPayment':
    case 'Rejected':
      throw new DomainError(
        'ORDER_NOT_CANCELLABLE',
        `order ${orderId} is ${order.status}; only a confirmed order can be cancelled`,
      );
    default:
      return unreachable(order);
  }
};
