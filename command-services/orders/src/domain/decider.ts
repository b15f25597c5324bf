import type { OrdersEvent } from '@orderflow/contracts';
import type { Decider } from '@orderflow/kernel';
import type { OrderCommand } from './commands.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import { initialState, type Order } from './order.ts';

export const orderDecider: Decider<OrderCommand, OrdersEvent, Order> = {
  initialState,
  decide,
  evolve,
};
