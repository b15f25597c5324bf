import { inventoryEventSchemas, type InventoryEvent } from '@orderflow/contracts';
import type { CommandContext } from '@orderflow/kernel';
import { inventoryCommandBody, type InventoryCommand } from './commands.ts';
import { stockDecider } from './decider.ts';
import type { Stock } from './stock.ts';

export const inventoryContext: CommandContext<InventoryCommand, InventoryEvent, Stock> = {
  name: 'inventory',
  decider: stockDecider,
  commandBody: inventoryCommandBody,
  eventSchemas: inventoryEventSchemas,
  // Bump when Stock's shape changes, so snapshots of the old shape are rebuilt from events.
  snapshotVersion: 1,
};
