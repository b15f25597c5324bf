import type { InventoryEvent } from '@orderflow/contracts';
import { toOrder } from './answer.ts';
import type { Policy, PolicyCommand } from './index.ts';

const react = (event: InventoryEvent): PolicyCommand[] => {
  switch (event.type) {
    case 'StockReserved': {
      const { orderId, sku, quantity } = event.data;
      return [toOrder('RecordStockReserved', orderId, { sku, quantity })];
    }
    case 'StockReservationRejected': {
      const { orderId, sku, reason } = event.data;
      return [toOrder('RecordStockRejected', orderId, { sku, reason })];
    }
    default:
      // ProductRegistered, StockRestocked, StockReleased (the end of a compensation), and any
      // event type added later: no order is waiting for them.
      return [];
  }
};

/** The order hears inventory's answer for each of its lines. */
export const ordersOnInventory: Policy<'inventory'> = {
  name: 'orders.on-inventory',
  sourceContext: 'inventory',
  react,
};
