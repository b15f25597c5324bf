import { describe, expect, it } from 'vitest';
import { salesLines } from '../src/sales-lines.ts';
import { foreignEnvelope, inContext, instantOf, nth, streamOf } from './envelopes.ts';
import {
  cancelled,
  cancelledSaga,
  confirmed,
  happySaga,
  orderId,
  outOfStockSaga,
  paymentDeclinedSaga,
  timedOutThenPaidSaga,
  timedOutThenReservedSaga,
  total,
} from './order-events.ts';

const rowsOf = (envelopes: typeof happySaga) => envelopes.flatMap(salesLines.rowsFor);

const line = (kind: string, amount: number, version: number, day: string) => ({
  table: 'sales_lines',
  values: {
    order_id: orderId,
    kind,
    day,
    currency: 'EUR',
    amount,
    occurred_at: instantOf(version),
  },
});

describe('sales-lines', () => {
  it('a confirmed order is one sale, on the UTC day it was confirmed', () => {
    // The stream starts at 23:58: version 5 lands past midnight, on the next day.
    expect(rowsOf(happySaga)).toEqual([line('confirmed', total, 5, '2025-03-15')]);
  });

  it('a cancellation offsets the sale, so the day sums to zero', () => {
    const rows = rowsOf(cancelledSaga);
    expect(rows).toEqual([
      line('confirmed', total, 5, '2025-03-15'),
      line('cancelled', -total, 6, '2025-03-15'),
    ]);
    expect(rows.reduce((sum, row) => sum + Number(row.values.amount), 0)).toBe(0);
  });

  it("records each line in the currency its event carries: the order's", () => {
    const inYen = streamOf('orders', orderId, [
      confirmed(instantOf(1), 'JPY'),
      cancelled(null, instantOf(2), 'JPY'),
    ]);
    expect(rowsOf(inYen).map((row) => row.values.currency)).toEqual(['JPY', 'JPY']);
  });

  it('uses UTC days, whatever the offset occurredAt was written with', () => {
    const confirmed = nth(happySaga, 4);
    const [row] = salesLines.rowsFor({ ...confirmed, occurredAt: '2025-03-14T23:30:00-02:00' });
    expect(row?.values).toMatchObject({ day: '2025-03-15' });
  });

  it('rejected orders sold nothing, late answers included', () => {
    for (const saga of [
      outOfStockSaga,
      paymentDeclinedSaga,
      timedOutThenPaidSaga,
      timedOutThenReservedSaga,
    ]) {
      expect(rowsOf(saga)).toEqual([]);
    }
  });

  it('ignores foreign events', () => {
    expect(salesLines.rowsFor(foreignEnvelope(orderId))).toEqual([]);
    expect(salesLines.rowsFor(inContext(nth(happySaga, 4), 'payments'))).toEqual([]);
  });
});
