import { inventoryOnOrders } from './on-orders.ts';

export type {
  AnyPolicy,
  ContextName,
  Policy,
  PolicyCommand,
  PolicyEventMeta,
} from '@orderflow/contracts';
import type { AnyPolicy } from '@orderflow/contracts';

export { inventoryOnOrders };

/** Every policy through which inventory takes part in the order-fulfilment saga. */
export const inventoryPolicies: readonly AnyPolicy[] = [inventoryOnOrders];
