import { ordersEventSchemas, type OrdersEvent } from '@orderflow/contracts';
import type { CommandContext } from '@orderflow/kernel';
import { ordersCommandBody, type OrderCommand } from './commands.ts';
import { orderDecider } from './decider.ts';
import type { Order } from './order.ts';

export const ordersContext: CommandContext<OrderCommand, OrdersEvent, Order> = {
  name: 'orders',
  decider: orderDecider,
  commandBody: ordersCommandBody,
  eventSchemas: ordersEventSchemas,
  snapshotVersion: 1,
};
