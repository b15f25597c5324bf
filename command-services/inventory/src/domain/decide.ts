import type { InventoryEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import type {
  InventoryCommand,
  RegisterProduct,
  ReleaseStock,
  ReserveStock,
  RestockProduct,
} from './commands.ts';
import { InventoryErrorCode, ReservationRejectionReason } from './errors.ts';
import { availableOf, heldBy, type RegisteredStock, type Stock } from './stock.ts';

export const decide = (command: InventoryCommand, state: Stock): InventoryEvent[] => {
  switch (command.type) {
    case 'RegisterProduct':
      return registerProduct(command, state);
    case 'RestockProduct':
      return restockProduct(command, state);
    case 'ReserveStock':
      return reserveStock(command, state);
    case 'ReleaseStock':
      return releaseStock(command, state);
    default:
      return unknownCommand(command);
  }
};

const registerProduct = (command: RegisterProduct, state: Stock): InventoryEvent[] => {
  const sku = command.metadata.aggregateId;
  if (state.status !== 'Unknown') {
    throw new DomainError(
      InventoryErrorCode.productAlreadyRegistered,
      `product ${sku} is already registered`,
    );
  }
  const { name, initialStock = 0 } = command.data;
  return [{ type: 'ProductRegistered', data: { sku, name, initialStock } }];
};

const restockProduct = (command: RestockProduct, state: Stock): InventoryEvent[] => {
  const stock = registered(command, state);
  const totalAfter = stock.total + command.data.quantity;
  // Quantities are Avro longs but JS numbers: beyond 2^53 they would silently lose units.
  if (!Number.isSafeInteger(totalAfter)) {
    throw new DomainError(
      InventoryErrorCode.stockLimitExceeded,
      `restocking ${command.metadata.aggregateId} by ${command.data.quantity} exceeds the largest representable stock`,
    );
  }
  return [
    {
      type: 'StockRestocked',
      data: { sku: command.metadata.aggregateId, quantity: command.data.quantity, totalAfter },
    },
  ];
};

// Refusals here are events, not errors: the order saga waits for an answer on every line.
const reserveStock = (command: ReserveStock, state: Stock): InventoryEvent[] => {
  const sku = command.metadata.aggregateId;
  const { orderId, quantity } = command.data;
  if (state.status === 'Unknown') {
    const reason = ReservationRejectionReason.unknownSku;
    return [
      { type: 'StockReservationRejected', data: { sku, orderId, quantity, available: 0, reason } },
    ];
  }
  // The saga may redeliver its reserve step under a new command id; one reservation per order.
  if (heldBy(state.reservations, orderId) > 0) return [];
  const available = availableOf(state);
  if (available < quantity) {
    const reason = ReservationRejectionReason.insufficientStock;
    return [
      { type: 'StockReservationRejected', data: { sku, orderId, quantity, available, reason } },
    ];
  }
  const availableAfter = available - quantity;
  return [{ type: 'StockReserved', data: { sku, orderId, quantity, availableAfter } }];
};

const releaseStock = (command: ReleaseStock, state: Stock): InventoryEvent[] => {
  const stock = registered(command, state);
  const sku = command.metadata.aggregateId;
  const { orderId } = command.data;
  const held = heldBy(stock.reservations, orderId);
  // Compensations are retried until they succeed: releasing what is already released is a no-op.
  if (held === 0) return [];
  const quantity = command.data.quantity ?? held;
  if (quantity > held) {
    throw new DomainError(
      InventoryErrorCode.releaseExceedsReservation,
      `order ${orderId} holds ${held} of ${sku}, cannot release ${quantity}`,
    );
  }
  const availableAfter = availableOf(stock) + quantity;
  return [{ type: 'StockReleased', data: { sku, orderId, quantity, availableAfter } }];
};

const registered = (command: InventoryCommand, state: Stock): RegisteredStock => {
  if (state.status === 'Unknown') {
    const sku = command.metadata.aggregateId;
    throw new DomainError(InventoryErrorCode.productNotFound, `product ${sku} is not registered`);
  }
  return state;
};

const unknownCommand = (command: never): never => {
  throw new Error(`unhandled inventory command ${JSON.stringify(command)}`);
};
