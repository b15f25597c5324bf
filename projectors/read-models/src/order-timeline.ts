import type { OrdersEvent, OrdersEventType } from '@orderflow/contracts';
import { unchangedBy } from './context-events.ts';

/** One step of the order's saga as a person reads it: what happened, when, and the gist. */
export interface TimelineEntry {
  readonly step: OrdersEventType;
  /** When the event was recorded (the envelope's occurredAt). */
  readonly at: string;
  readonly detail?: string;
  /** Why the order was rejected (OrderRejected only): e.g. TIMEOUT, OUT_OF_STOCK:<sku>. */
  readonly reason?: string;
}

/** What the timeline needs to know about the order beyond the event. */
export interface TimelineOrder {
  readonly currency: string;
  readonly deadline: string;
}

export const timelineEntryOf = (
  event: OrdersEvent,
  at: string,
  order: TimelineOrder,
): TimelineEntry => {
  const detail = detailOf(event, order);
  const entry = detail === null ? { step: event.type, at } : { step: event.type, at, detail };
  return event.type === 'OrderRejected' ? { ...entry, reason: event.data.reason } : entry;
};

/** The saga's deadline passed without a final answer: say which deadline. */
const rejectionDetail = (reason: string, deadline: string) =>
  reason === 'TIMEOUT' ? `TIMEOUT: no final answer by the deadline ${deadline}` : reason;

const money = (amount: number, currency: string) => `${amount} ${currency}`;

const detailOf = (event: OrdersEvent, { currency, deadline }: TimelineOrder): string | null => {
  switch (event.type) {
    case 'OrderPlaced': {
      const { lines, total } = event.data;
      return `${lines.length} line${lines.length === 1 ? '' : 's'}, ${money(total, currency)}`;
    }
    case 'OrderLineReserved':
    case 'OrderStockReleaseRequested':
      return `${event.data.quantity} x ${event.data.sku}`;
    case 'OrderAwaitingPayment':
      return money(event.data.total, currency);
    case 'OrderConfirmed':
      return money(event.data.amount, currency);
    case 'OrderRejected':
      return rejectionDetail(event.data.reason, deadline);
    case 'OrderCancelled': {
      const refund = `refund ${money(event.data.amount, currency)}`;
      return event.data.reason === null ? refund : `${refund}: ${event.data.reason}`;
    }
    case 'OrderRefundRequested':
      return `refund ${money(event.data.amount, currency)}`;
    default:
      return unchangedBy(event, null);
  }
};
