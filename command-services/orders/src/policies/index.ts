import { ordersOnInventory } from './on-inventory.ts';
import { ordersOnPayments } from './on-payments.ts';

export type {
  AnyPolicy,
  ContextName,
  Policy,
  PolicyCommand,
  PolicyEventMeta,
} from '@orderflow/contracts';
import type { AnyPolicy } from '@orderflow/contracts';

export { ordersOnInventory, ordersOnPayments };

/** Every policy through which orders hears the other contexts' answers in the saga. */
export const ordersPolicies: readonly AnyPolicy[] = [ordersOnInventory, ordersOnPayments];
