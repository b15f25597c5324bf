import type { OrdersEvent } from '@orderflow/contracts';
import type { InventoryCommand } from '../domain/commands.ts';
import type { Policy, PolicyCommand } from './index.ts';

type CommandType = InventoryCommand['type'];
type DataOf<T extends CommandType> = Extract<InventoryCommand, { type: T }>['data'];

/**
 * A command on the Stock of `sku`; the SKU is also the key, as an order holds each SKU once.
 * No refusal is an expected answer: ReserveStock answers with events (reserved or rejected), and
 * ReleaseStock is a compensation that must succeed, so the runner retries any refusal.
 */
const onStock = <T extends CommandType>(type: T, sku: string, data: DataOf<T>): PolicyCommand => ({
  context: 'inventory',
  type,
  aggregateId: sku,
  data,
  key: sku,
});

const release = (orderId: string, line: { sku: string; quantity: number }): PolicyCommand =>
  onStock('ReleaseStock', line.sku, { orderId, quantity: line.quantity });

const react = (event: OrdersEvent): PolicyCommand[] => {
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, lines } = event.data;
      return lines.map(({ sku, quantity }) => onStock('ReserveStock', sku, { orderId, quantity }));
    }
    case 'OrderRejected': {
      // Most recent reservation first: the compensations undo the steps in reverse order.
      const { orderId, reservedLines } = event.data;
      return reservedLines.map((line) => release(orderId, line));
    }
    case 'OrderCancelled': {
      const { orderId, lines } = event.data;
      return lines.map((line) => release(orderId, line));
    }
    case 'OrderStockReleaseRequested':
      // A reservation that arrived after the order was rejected.
      return [release(event.data.orderId, event.data)];
    default:
      // OrderLineReserved, OrderAwaitingPayment, OrderConfirmed, OrderRefundRequested, and any
      // event type added later: nothing for inventory to do.
      return [];
  }
};

/** Inventory's part of the saga: reserve an order's lines, give them back when it fails. */
export const inventoryOnOrders: Policy<'orders'> = {
  name: 'inventory.on-orders',
  sourceContext: 'orders',
  react,
};
