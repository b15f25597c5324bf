import type { InventoryEvent } from '@orderflow/contracts';
import type { Decider } from '@orderflow/kernel';
import type { InventoryCommand } from './commands.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import { initialState, type Stock } from './stock.ts';

export const stockDecider: Decider<InventoryCommand, InventoryEvent, Stock> = {
  initialState,
  decide,
  evolve,
};
