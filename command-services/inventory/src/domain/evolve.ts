import type { InventoryEvent } from '@orderflow/contracts';
import { heldBy, withHolding, type Stock } from './stock.ts';

// Folds by quantities rather than the `...After` figures: those are for readers of the topic,
// and deriving the state from deltas keeps `reserved` equal to the sum of the reservations.
export const evolve = (state: Stock, event: InventoryEvent): Stock => {
  switch (event.type) {
    case 'ProductRegistered':
      return {
        status: 'Registered',
        name: event.data.name,
        total: event.data.initialStock,
        reserved: 0,
        reservations: {},
      };
    case 'StockRestocked':
      if (state.status === 'Unknown') return state;
      return { ...state, total: state.total + event.data.quantity };
    case 'StockReserved': {
      if (state.status === 'Unknown') return state;
      const { orderId, quantity } = event.data;
      const held = heldBy(state.reservations, orderId);
      return {
        ...state,
        reserved: state.reserved + quantity,
        reservations: withHolding(state.reservations, orderId, held + quantity),
      };
    }
    case 'StockReleased': {
      if (state.status === 'Unknown') return state;
      const { orderId, quantity } = event.data;
      const held = heldBy(state.reservations, orderId);
      return {
        ...state,
        reserved: state.reserved - quantity,
        reservations: withHolding(state.reservations, orderId, held - quantity),
      };
    }
    // A rejection reserves nothing; it is recorded for the saga, also on a SKU never registered.
    case 'StockReservationRejected':
      return state;
    default:
      return unknownEvent(event);
  }
};

const unknownEvent = (event: never): never => {
  throw new Error(`unhandled inventory event ${JSON.stringify(event)}`);
};
