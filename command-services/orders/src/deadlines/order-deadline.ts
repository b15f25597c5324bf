import type { OrdersEvent } from '@orderflow/contracts';
import type { DeadlineChange, DeadlineSchedule } from '@orderflow/kernel';
import type { ExpireOrder } from '../domain/commands.ts';

/**
 * The order's deadline starts with OrderPlaced (which carries it: PlaceOrder computes it from
 * ORDER_TIMEOUT_MS, so the deadline is part of the order's history, not of a process's memory)
 * and ends with any settled outcome.
 */
const track = (event: OrdersEvent): DeadlineChange | null => {
  switch (event.type) {
    case 'OrderPlaced':
      return { kind: 'set', dueAt: event.data.deadline };
    case 'OrderConfirmed':
    case 'OrderRejected':
    case 'OrderCancelled':
      return { kind: 'clear' };
    default:
      // Progress (a line reserved, awaiting payment) does not move the deadline: the whole saga
      // must finish in time. Late-answer compensations come after a settled outcome.
      return null;
  }
};

const expiry: Pick<ExpireOrder, 'type' | 'data'> = { type: 'ExpireOrder', data: {} };

/**
 * An order neither confirmed nor rejected by its deadline is expired through the orders command
 * path (ExpireOrder: rejected with reason TIMEOUT, its reserved lines released by inventory's
 * policy, a late authorization refunded by the orders and payments policies).
 */
export const orderDeadline = {
  name: 'order-deadline',
  context: 'orders',
  track,
  expire: (_orderId: string) => expiry,
} satisfies DeadlineSchedule;
