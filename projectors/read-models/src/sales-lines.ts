import type { AppendOnlyReadModel, AppendedRow, EventEnvelope } from '@orderflow/projections';
import { ordersEventOf, ordersSource } from './context-events.ts';

const table = 'sales_lines';

export type SaleKind = 'confirmed' | 'cancelled';

// A type alias, not an interface: a row must be assignable to AppendedRow's record of values.
/** One order's contribution to the daily sales report: a sale, or the cancellation undoing it. */
export type SalesLineRow = {
  readonly order_id: string;
  readonly kind: SaleKind;
  /** The UTC day of occurred_at, as YYYY-MM-DD. */
  readonly day: string;
  /** ISO 4217 code of `amount`: the order's currency, as its event carries it. */
  readonly currency: string;
  /** Minor units; positive for a sale, negative for a cancellation, so a day sums to its net. */
  readonly amount: number;
  readonly occurred_at: string;
};

const utcDay = (instant: string) => new Date(instant).toISOString().slice(0, 10);

const lineOf = (
  envelope: EventEnvelope,
  kind: SaleKind,
  sale: { amount: number; currency: string },
): SalesLineRow => ({
  order_id: envelope.aggregateId,
  kind,
  day: utcDay(envelope.occurredAt),
  currency: sale.currency,
  amount: sale.amount,
  occurred_at: envelope.occurredAt,
});

export const salesLinesRowsFor = (envelope: EventEnvelope): AppendedRow[] => {
  const event = ordersEventOf(envelope);
  // Only a confirmed order is a sale, and only a confirmed order can be cancelled, so a
  // cancellation always offsets a sale; rejected orders never sold anything.
  if (event?.type === 'OrderConfirmed') {
    const { amount, currency } = event.data;
    return [{ table, values: lineOf(envelope, 'confirmed', { amount, currency }) }];
  }
  if (event?.type === 'OrderCancelled') {
    const { amount, currency } = event.data;
    return [{ table, values: lineOf(envelope, 'cancelled', { amount: -amount, currency }) }];
  }
  return [];
};

export const salesLines: AppendOnlyReadModel<'sales-lines'> = {
  kind: 'append-only',
  name: 'sales-lines',
  sources: [ordersSource],
  ddl: [
    `CREATE TABLE IF NOT EXISTS {schema}.${table} (
      order_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('confirmed', 'cancelled')),
      day date NOT NULL,
      currency text NOT NULL,
      amount bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (order_id, kind)
    )`,
    // The daily report groups by day over a date range.
    `CREATE INDEX IF NOT EXISTS ${table}_day_idx ON {schema}.${table} (day)`,
  ],
  // An order is confirmed at most once and cancelled at most once.
  naturalKeys: { [table]: ['order_id', 'kind'] },
  rowsFor: salesLinesRowsFor,
};
