import type { OrdersEvent } from '@orderflow/contracts';
import type { Order } from './order.ts';
import { detailsOf } from './order-lookup.ts';
import { unreachable } from './unreachable.ts';

// Events are facts in aggregate order, so each applies to the state its decision saw; any other
// pairing cannot happen and leaves the state as it is, keeping the fold total.
export const evolve = (state: Order, event: OrdersEvent): Order => {
  switch (event.type) {
    case 'OrderPlaced': {
      const { customerId, currency, lines, total, placedAt, deadline } = event.data;
      return {
        status: 'Placed',
        customerId,
        currency,
        lines,
        total,
        placedAt,
        deadline,
        reserved: [],
      };
    }
    case 'OrderLineReserved':
      if (state.status !== 'Placed') return state;
      return { ...state, reserved: [...state.reserved, event.data.sku] };
    case 'OrderAwaitingPayment':
      if (state.status !== 'Placed') return state;
      return { ...detailsOf(state), status: 'AwaitingPayment', reserved: state.reserved };
    case 'OrderConfirmed': {
      if (state.status !== 'AwaitingPayment') return state;
      const { amount, confirmedAt } = event.data;
      return {
        ...detailsOf(state),
        status: 'Confirmed',
        reserved: state.reserved,
        amount,
        confirmedAt,
      };
    }
    case 'OrderRejected': {
      if (state.status !== 'Placed' && state.status !== 'AwaitingPayment') return state;
      const { reason, rejectedAt, reservedLines } = event.data;
      return {
        ...detailsOf(state),
        status: 'Rejected',
        reason,
        rejectedAt,
        released: reservedLines.map((line) => line.sku),
        refundRequested: false,
      };
    }
    case 'OrderCancelled': {
      if (state.status !== 'Confirmed') return state;
      const { amount, reason, cancelledAt } = event.data;
      return { ...detailsOf(state), status: 'Cancelled', amount, reason, cancelledAt };
    }
    case 'OrderStockReleaseRequested':
      if (state.status !== 'Rejected') return state;
      return { ...state, released: [...state.released, event.data.sku] };
    case 'OrderRefundRequested':
      if (state.status !== 'Rejected') return state;
      return { ...state, refundRequested: true };
    default:
      return unreachable(event);
  }
};
