import {
  inventoryEventSchemas,
  ordersEventSchemas,
  paymentsEventSchemas,
  type InventoryEvent,
  type OrdersEvent,
  type PaymentsEvent,
} from '@orderflow/contracts';
import type { EventEnvelope, EventSource } from '@orderflow/projections';

export const ordersSource = { context: 'orders', eventSchemas: ordersEventSchemas } as const;
export const inventorySource = {
  context: 'inventory',
  eventSchemas: inventoryEventSchemas,
} as const;
export const paymentsSource = { context: 'payments', eventSchemas: paymentsEventSchemas } as const;

// The runner decodes each payload with the schema registered for its type, so an event from a
// source's context whose type that source knows has the generated shape. Anything else (another
// context, a type added after this build) is not ours to interpret: the caller ignores it.
const isFrom = (source: EventSource, envelope: EventEnvelope) =>
  envelope.context === source.context && Object.hasOwn(source.eventSchemas, envelope.event.type);

export const ordersEventOf = (envelope: EventEnvelope): OrdersEvent | null =>
  isFrom(ordersSource, envelope) ? (envelope.event as OrdersEvent) : null;

export const inventoryEventOf = (envelope: EventEnvelope): InventoryEvent | null =>
  isFrom(inventorySource, envelope) ? (envelope.event as InventoryEvent) : null;

export const paymentsEventOf = (envelope: EventEnvelope): PaymentsEvent | null =>
  isFrom(paymentsSource, envelope) ? (envelope.event as PaymentsEvent) : null;

/**
 * Ends a `switch` over an event union: fails to compile when a case is missing, yet returns the
 * value unchanged at run time, because a fold must stay total over history it cannot foresee.
 */
export const unchangedBy = <T>(_event: never, value: T): T => value;
