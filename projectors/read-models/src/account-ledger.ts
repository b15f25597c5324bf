import type { PaymentsEvent } from '@orderflow/contracts';
import type { AppendOnlyReadModel, AppendedRow, EventEnvelope } from '@orderflow/projections';
import { paymentsEventOf, paymentsSource, unchangedBy } from './context-events.ts';

const table = 'account_ledger';

// A type alias, not an interface: a row must be assignable to AppendedRow's record of values.
/** What one payments event did to a customer's account, as a statement line. */
export type AccountLedgerRow = {
  readonly customer_id: string;
  readonly version: number;
  readonly entry: PaymentsEvent['type'];
  readonly order_id: string | null;
  /** Always positive, in minor units; `entry` tells which way it went. */
  readonly amount: number;
  /** Credit left after the entry; null when the event does not say (a grant, or no account). */
  readonly available_after: number | null;
  readonly occurred_at: string;
};

type EntryFigures = Pick<AccountLedgerRow, 'order_id' | 'amount' | 'available_after'>;

const figuresOf = (event: PaymentsEvent): EntryFigures => {
  switch (event.type) {
    case 'AccountOpened':
      // Nothing is used yet, so the whole limit is available.
      return {
        order_id: null,
        amount: event.data.creditLimit,
        available_after: event.data.creditLimit,
      };
    case 'CreditGranted':
      // The event carries the new limit, not the credit in use: availability is unknown here.
      return { order_id: null, amount: event.data.amount, available_after: null };
    case 'PaymentAuthorized':
    case 'PaymentRefunded':
      return {
        order_id: event.data.orderId,
        amount: event.data.amount,
        available_after: event.data.availableAfter,
      };
    case 'PaymentDeclined': {
      // A decline changes nothing, so what was available stays so; without an account there is
      // no balance to state (the event reports 0).
      const { orderId, amount, available, reason } = event.data;
      const availableAfter = reason === 'ACCOUNT_NOT_FOUND' ? null : available;
      return { order_id: orderId, amount, available_after: availableAfter };
    }
    default:
      return unchangedBy(event, { order_id: null, amount: 0, available_after: null });
  }
};

export const accountLedgerRowsFor = (envelope: EventEnvelope): AppendedRow[] => {
  const event = paymentsEventOf(envelope);
  if (event === null) return [];
  const values: AccountLedgerRow = {
    customer_id: envelope.aggregateId,
    version: envelope.version,
    entry: event.type,
    ...figuresOf(event),
    occurred_at: envelope.occurredAt,
  };
  return [{ table, values }];
};

export const accountLedger: AppendOnlyReadModel<'account-ledger'> = {
  kind: 'append-only',
  name: 'account-ledger',
  sources: [paymentsSource],
  ddl: [
    `CREATE TABLE IF NOT EXISTS {schema}.${table} (
      customer_id text NOT NULL,
      version integer NOT NULL,
      entry text NOT NULL,
      order_id text NULL,
      amount bigint NOT NULL,
      available_after bigint NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, version)
    )`,
    // "Which account movements did this order cause?" (authorization, decline, refund).
    `CREATE INDEX IF NOT EXISTS ${table}_order_id_idx ON {schema}.${table} (order_id)
      WHERE order_id IS NOT NULL`,
  ],
  // One row per account event: the aggregate version makes a replayed event a no-op.
  naturalKeys: { [table]: ['customer_id', 'version'] },
  rowsFor: accountLedgerRowsFor,
};
