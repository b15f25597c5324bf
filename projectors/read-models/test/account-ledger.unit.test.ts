import { describe, expect, it } from 'vitest';
import { accountLedger } from '../src/account-ledger.ts';
import { foreignEnvelope, inContext, instantOf, nth, streamOf } from './envelopes.ts';
import { accountHistory, customerId, declined } from './payments-events.ts';

const rowsOf = (envelopes: typeof accountHistory) => envelopes.flatMap(accountLedger.rowsFor);

const entry = (
  version: number,
  kind: string,
  orderId: string | null,
  amount: number,
  availableAfter: number | null,
) => ({
  table: 'account_ledger',
  values: {
    customer_id: customerId,
    version,
    entry: kind,
    order_id: orderId,
    amount,
    available_after: availableAfter,
    occurred_at: instantOf(version),
  },
});

describe('account-ledger', () => {
  it('one statement line per payments event', () => {
    expect(rowsOf(accountHistory)).toEqual([
      entry(1, 'AccountOpened', null, 10_000, 10_000),
      // The grant's event carries the new limit only: what is available is not known from it.
      entry(2, 'CreditGranted', null, 5_000, null),
      entry(3, 'PaymentAuthorized', 'order-1', 4_000, 11_000),
      entry(4, 'PaymentAuthorized', 'order-2', 9_000, 2_000),
      entry(5, 'PaymentDeclined', 'order-3', 2_500, 2_000),
      entry(6, 'PaymentRefunded', 'order-1', 4_000, 6_000),
    ]);
  });

  it('a decline without an account states no balance', () => {
    const [row] = rowsOf(
      streamOf('payments', customerId, [
        {
          type: 'PaymentDeclined',
          data: { ...declined('order-9', 700, 0).data, reason: 'ACCOUNT_NOT_FOUND' },
        },
      ]),
    );
    expect(row?.values).toMatchObject({ entry: 'PaymentDeclined', available_after: null });
  });

  it('ignores foreign events', () => {
    expect(accountLedger.rowsFor(foreignEnvelope(customerId))).toEqual([]);
    expect(accountLedger.rowsFor(inContext(nth(accountHistory, 0), 'orders'))).toEqual([]);
  });
});
