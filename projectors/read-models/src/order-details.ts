import type { OrderPlaced, OrdersEvent } from '@orderflow/contracts';
import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';
import { ordersEventOf, ordersSource, unchangedBy } from './context-events.ts';
import { statusAfter, type OrderStatus } from './order-status.ts';
import { timelineEntryOf, type TimelineEntry } from './order-timeline.ts';

export interface OrderDetailsLine {
  readonly sku: string;
  readonly quantity: number;
  /** In minor units of the order's currency. */
  readonly unitPrice: number;
  /**
   * Whether inventory holds this line for the order: set by its OrderLineReserved, cleared when
   * a rejection or cancellation hands it back.
   */
  readonly reserved: boolean;
}

/** Everything about one order, for its detail page: the order, its outcome and its saga. */
export interface OrderDetailsView {
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderDetailsLine[];
  /** In minor units of `currency`. */
  readonly total: number;
  readonly placedAt: string;
  readonly deadline: string;
  readonly confirmedAt?: string;
  readonly rejectedAt?: string;
  readonly cancelledAt?: string;
  readonly rejectionReason?: string;
  /** Null when the customer cancelled without giving a reason. */
  readonly cancellationReason?: string | null;
  /** One entry per order event, in version order. */
  readonly timeline: readonly TimelineEntry[];
}

const placedView = (data: OrderPlaced, occurredAt: string): OrderDetailsView => ({
  orderId: data.orderId,
  customerId: data.customerId,
  currency: data.currency,
  status: 'Placed',
  lines: data.lines.map(({ sku, quantity, unitPrice }) => ({
    sku,
    quantity,
    unitPrice,
    reserved: false,
  })),
  total: data.total,
  placedAt: data.placedAt,
  deadline: data.deadline,
  timeline: [timelineEntryOf({ type: 'OrderPlaced', data }, occurredAt, data)],
});

/** Inventory gives back the released lines' units: they are no longer held for the order. */
const withReservationsReleased = (
  lines: readonly OrderDetailsLine[],
  released: (line: OrderDetailsLine) => boolean,
): OrderDetailsLine[] =>
  lines.map((line) => (released(line) ? { ...line, reserved: false } : line));

/** The fields other than status and timeline that an event sets. */
const withOutcome = (view: OrderDetailsView, event: OrdersEvent): OrderDetailsView => {
  switch (event.type) {
    case 'OrderLineReserved':
      return {
        ...view,
        lines: view.lines.map((line) =>
          line.sku === event.data.sku ? { ...line, reserved: true } : line,
        ),
      };
    case 'OrderConfirmed':
      return { ...view, confirmedAt: event.data.confirmedAt };
    case 'OrderRejected': {
      const givenBack = new Set(event.data.reservedLines.map((line) => line.sku));
      return {
        ...view,
        lines: withReservationsReleased(view.lines, (line) => givenBack.has(line.sku)),
        rejectedAt: event.data.rejectedAt,
        rejectionReason: event.data.reason,
      };
    }
    case 'OrderCancelled':
      // A cancellation releases every line of the order.
      return {
        ...view,
        lines: withReservationsReleased(view.lines, () => true),
        cancelledAt: event.data.cancelledAt,
        cancellationReason: event.data.reason,
      };
    // Status alone, or (late answers) only the timeline entry: the order's outcome is settled.
    case 'OrderPlaced':
    case 'OrderAwaitingPayment':
    case 'OrderStockReleaseRequested':
    case 'OrderRefundRequested':
      return view;
    default:
      return unchangedBy(event, view);
  }
};

export const evolveOrderDetails = (
  view: OrderDetailsView | null,
  envelope: EventEnvelope,
): OrderDetailsView | null => {
  const event = ordersEventOf(envelope);
  if (event === null) return view;
  if (view === null) {
    // Only OrderPlaced starts an order; anything else without one has nothing to attach to.
    return event.type === 'OrderPlaced' ? placedView(event.data, envelope.occurredAt) : null;
  }
  // An order is placed once (version 1); the sink's version guard never brings it back.
  if (event.type === 'OrderPlaced') return view;
  const entry = timelineEntryOf(event, envelope.occurredAt, view);
  return withOutcome(
    { ...view, status: statusAfter(event) ?? view.status, timeline: [...view.timeline, entry] },
    event,
  );
};

export const orderDetails: KeyedReadModel<OrderDetailsView, 'order-details'> = {
  kind: 'keyed',
  name: 'order-details',
  sources: [ordersSource],
  evolve: evolveOrderDetails,
};
