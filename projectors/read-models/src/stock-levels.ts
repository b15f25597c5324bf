import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';
import { inventoryEventOf, inventorySource, unchangedBy } from './context-events.ts';

/** What a product has on hand and what can still be promised to new orders. */
export interface StockLevelView {
  readonly sku: string;
  readonly name: string;
  /** Units on hand, reserved ones included. */
  readonly total: number;
  /** Units held for orders. */
  readonly reserved: number;
  /** Units that can still be reserved: total minus reserved. */
  readonly available: number;
}

// Folds by quantities, as the Stock aggregate does, and derives `available` from the other two,
// so the three figures always agree; the events' `...After` figures are a check, not the source.
const withLevels = (view: StockLevelView, total: number, reserved: number): StockLevelView => ({
  ...view,
  total,
  reserved,
  available: total - reserved,
});

export const evolveStockLevel = (
  view: StockLevelView | null,
  envelope: EventEnvelope,
): StockLevelView | null => {
  const event = inventoryEventOf(envelope);
  if (event === null) return view;
  if (view === null) {
    if (event.type !== 'ProductRegistered') return null;
    const { sku, name, initialStock } = event.data;
    return { sku, name, total: initialStock, reserved: 0, available: initialStock };
  }
  switch (event.type) {
    // Registered once, at version 1: the sink's version guard never replays it onto a view.
    case 'ProductRegistered':
      return view;
    case 'StockRestocked':
      return withLevels(view, view.total + event.data.quantity, view.reserved);
    case 'StockReserved':
      return withLevels(view, view.total, view.reserved + event.data.quantity);
    case 'StockReleased':
      return withLevels(view, view.total, view.reserved - event.data.quantity);
    // A refusal reserves nothing.
    case 'StockReservationRejected':
      return view;
    default:
      return unchangedBy(event, view);
  }
};

export const stockLevels: KeyedReadModel<StockLevelView, 'stock-levels'> = {
  kind: 'keyed',
  name: 'stock-levels',
  sources: [inventorySource],
  evolve: evolveStockLevel,
};
