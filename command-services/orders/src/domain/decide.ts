import type { OrdersEvent } from '@orderflow/contracts';
import { cancelOrder } from './cancel-order.ts';
import type { OrderCommand } from './commands.ts';
import { expireOrder } from './expire-order.ts';
import type { Order } from './order.ts';
import { recordPaymentAuthorized, recordPaymentDeclined } from './payment-answers.ts';
import { placeOrder } from './place-order.ts';
import { recordStockRejected, recordStockReserved } from './stock-answers.ts';
import { unreachable } from './unreachable.ts';

export const decide = (command: OrderCommand, state: Order): OrdersEvent[] => {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'CancelOrder':
      return cancelOrder(command, state);
    case 'RecordStockReserved':
      return recordStockReserved(command, state);
    case 'RecordStockRejected':
      return recordStockRejected(command, state);
    case 'RecordPaymentAuthorized':
      return recordPaymentAuthorized(command, state);
    case 'RecordPaymentDeclined':
      return recordPaymentDeclined(command, state);
    case 'ExpireOrder':
      return expireOrder(command, state);
    default:
      return unreachable(command);
  }
};
