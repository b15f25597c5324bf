import type { OrdersEvent } from '@orderflow/contracts';
import { unchangedBy } from './context-events.ts';

export type OrderStatus = 'Placed' | 'AwaitingPayment' | 'Confirmed' | 'Rejected' | 'Cancelled';

/**
 * The status an order event moves the order to, or null when it leaves the status alone. Shared
 * by the detail and summary views so that the two never disagree about an order.
 */
export const statusAfter = (event: OrdersEvent): OrderStatus | null => {
  switch (event.type) {
    case 'OrderPlaced':
      return 'Placed';
    case 'OrderAwaitingPayment':
      return 'AwaitingPayment';
    case 'OrderConfirmed':
      return 'Confirmed';
    case 'OrderRejected':
      return 'Rejected';
    case 'OrderCancelled':
      return 'Cancelled';
    // A line reserved keeps the order Placed; the late-answer compensations follow a rejection
    // that already set the status.
    case 'OrderLineReserved':
    case 'OrderStockReleaseRequested':
    case 'OrderRefundRequested':
      return null;
    default:
      return unchangedBy(event, null);
  }
};
