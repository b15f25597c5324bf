export {
  inventoryCommandBody,
  type InventoryCommand,
  type RegisterProduct,
  type ReleaseStock,
  type ReserveStock,
  type RestockProduct,
} from './commands.ts';
export { inventoryContext } from './context.ts';
export { stockDecider } from './decider.ts';
export { decide } from './decide.ts';
export { evolve } from './evolve.ts';
export { InventoryErrorCode, ReservationRejectionReason } from './errors.ts';
export {
  availableOf,
  initialState,
  type RegisteredStock,
  type Reservations,
  type Stock,
} from './stock.ts';
