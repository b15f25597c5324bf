import type { OrdersEvent } from '@orderflow/contracts';
import type { ExpireOrder } from './commands.ts';
import type { Order } from './order.ts';
import { existingOrder } from './order-lookup.ts';
import { rejectOrder, reservedLinesOf } from './rejection.ts';
import { unreachable } from './unreachable.ts';

/** The durable deadline fired: an order still waiting for an answer is given up. */
export const expireOrder = (command: ExpireOrder, state: Order): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  const order = existingOrder(state, orderId);
  switch (order.status) {
    case 'Placed':
    case 'AwaitingPayment':
      return [
        rejectOrder(orderId, {
          reason: 'TIMEOUT',
          reservedLines: reservedLinesOf(order),
          rejectedAt: command.metadata.issuedAt,
        }),
      ];
    // The saga finished before the deadline: the timer has nothing left to do.
    case 'Confirmed':
    case 'Rejected':
    case 'Cancelled':
      return [];
    default:
      return unreachable(order);
  }
};
