import type { InventoryEvent } from '@orderflow/contracts';
import { streamOf } from './envelopes.ts';

export const sku = 'sku-a';

export const registered = (initialStock: number): InventoryEvent => ({
  type: 'ProductRegistered',
  data: { sku, name: 'Espresso cup', initialStock },
});

export const restocked = (quantity: number, totalAfter: number): InventoryEvent => ({
  type: 'StockRestocked',
  data: { sku, quantity, totalAfter },
});

export const reservedFor = (orderId: string, quantity: number, availableAfter: number) =>
  ({
    type: 'StockReserved',
    data: { sku, orderId, quantity, availableAfter },
  }) satisfies InventoryEvent;

export const refusedFor = (orderId: string, quantity: number, available: number) =>
  ({
    type: 'StockReservationRejected',
    data: { sku, orderId, quantity, available, reason: 'INSUFFICIENT_STOCK' },
  }) satisfies InventoryEvent;

export const releasedFor = (orderId: string, quantity: number, availableAfter: number) =>
  ({
    type: 'StockReleased',
    data: { sku, orderId, quantity, availableAfter },
  }) satisfies InventoryEvent;

/** Five cups, three more delivered, two orders served, one refused, one order given back. */
export const stockHistory = streamOf('inventory', sku, [
  registered(5),
  restocked(3, 8),
  reservedFor('order-1', 4, 4),
  reservedFor('order-2', 3, 1),
  refusedFor('order-3', 2, 1),
  releasedFor('order-1', 4, 5),
]);
