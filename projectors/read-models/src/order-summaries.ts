import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';
import { ordersEventOf, ordersSource } from './context-events.ts';
import { statusAfter, type OrderStatus } from './order-status.ts';

/** One row of a customer's order list: small, so a page of them stays cheap to read. */
export interface OrderSummaryView {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  /** In minor units of `currency`. */
  readonly total: number;
  readonly currency: string;
  readonly placedAt: string;
  /** When the order's latest event was recorded. */
  readonly updatedAt: string;
}

export const evolveOrderSummary = (
  view: OrderSummaryView | null,
  envelope: EventEnvelope,
): OrderSummaryView | null => {
  const event = ordersEventOf(envelope);
  if (event === null) return view;
  if (view === null) {
    if (event.type !== 'OrderPlaced') return null;
    const { orderId, customerId, total, currency, placedAt } = event.data;
    const updatedAt = envelope.occurredAt;
    return { orderId, customerId, status: 'Placed', total, currency, placedAt, updatedAt };
  }
  // Placed once, at version 1: a second OrderPlaced cannot pass the sink's version guard.
  if (event.type === 'OrderPlaced') return view;
  return { ...view, status: statusAfter(event) ?? view.status, updatedAt: envelope.occurredAt };
};

export const orderSummaries: KeyedReadModel<OrderSummaryView, 'order-summaries'> = {
  kind: 'keyed',
  name: 'order-summaries',
  sources: [ordersSource],
  evolve: evolveOrderSummary,
};
