import { describe, expect, it } from 'vitest';
import { eventHistory } from '../src/event-history.ts';
import { foreignEnvelope, inContext, instantOf, nth } from './envelopes.ts';
import { stockHistory } from './inventory-events.ts';
import { cancelledSaga, customerId, orderId, placed } from './order-events.ts';
import { accountHistory } from './payments-events.ts';

// Decoded Avro records are class instances; the history must hold their plain data.
class DecodedRecord {
  constructor(
    readonly orderId: string,
    readonly amount: number,
  ) {}
  describe() {
    return `${this.orderId}: ${String(this.amount)}`;
  }
}

describe('event-history', () => {
  it('one row per event, with where and why it was recorded', () => {
    expect(eventHistory.rowsFor(nth(cancelledSaga, 0))).toEqual([
      {
        table: 'event_history',
        values: {
          context: 'orders',
          aggregate_id: orderId,
          version: 1,
          event_id: nth(cancelledSaga, 0).eventId,
          event_type: 'OrderPlaced',
          payload: placed.data,
          occurred_at: instantOf(1),
          correlation_id: `corr-${orderId}`,
          causation_id: null,
          command_id: `cmd-${orderId}-1`,
          topic: 'orders.events',
          partition: 3,
          offset: '1000',
        },
      },
    ]);
  });

  it('records every event of all three contexts', () => {
    const all = [...cancelledSaga, ...stockHistory, ...accountHistory];
    const rows = all.flatMap(eventHistory.rowsFor);
    expect(rows.map((row) => [row.values.context, row.values.event_type])).toEqual(
      all.map((envelope) => [envelope.context, envelope.event.type]),
    );
    expect(eventHistory.sources.map((source) => source.context)).toEqual([
      'orders',
      'inventory',
      'payments',
    ]);
  });

  it('stores the payload as plain JSON, detached from the event', () => {
    const authorized = nth(accountHistory, 2);
    const decoded = new DecodedRecord('order-1', 4_000);
    const [row] = eventHistory.rowsFor({
      ...authorized,
      event: { ...authorized.event, data: decoded },
    });
    expect(row?.values.payload).toEqual({ orderId: 'order-1', amount: 4_000 });
    expect(Object.getPrototypeOf(row?.values.payload)).toBe(Object.prototype);
    const [placedRow] = eventHistory.rowsFor(nth(cancelledSaga, 0));
    expect(placedRow?.values.payload).not.toBe(placed.data);
    expect(placedRow?.values.payload).toMatchObject({ customerId });
  });

  it('ignores contexts and types it has no schema for', () => {
    expect(eventHistory.rowsFor(foreignEnvelope(orderId))).toEqual([]);
    expect(eventHistory.rowsFor(inContext(foreignEnvelope(orderId), 'orders'))).toEqual([]);
    // An orders type under the payments context is not a payments event.
    expect(eventHistory.rowsFor(inContext(nth(cancelledSaga, 0), 'payments'))).toEqual([]);
  });
});
