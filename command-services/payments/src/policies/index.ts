import { paymentsOnOrders } from './on-orders.ts';

export type {
  AnyPolicy,
  ContextName,
  Policy,
  PolicyCommand,
  PolicyEventMeta,
} from '@orderflow/contracts';
import type { AnyPolicy } from '@orderflow/contracts';

export { paymentsOnOrders };

/** Every policy through which payments takes part in the order-fulfilment saga. */
export const paymentsPolicies: readonly AnyPolicy[] = [paymentsOnOrders];
