import type { OrdersEvent } from '@orderflow/contracts';
import { describe, it } from 'vitest';
import {
  awaitingPaymentHistory,
  awaitingPaymentHistoryIn,
  cancelledHistory,
  confirmed,
  confirmedHistory,
  confirmedIn,
  lineA,
  lineB,
  placedHistory,
  partlyReservedHistory,
  refundRequested,
  rejected,
  rejectedHistory,
  reserved,
  timedOutHistory,
  total,
} from './order-events.ts';
import { command, customerId, deadline, given, orderId, placedAt } from './order-spec.ts';

const authorized = (amount = total) => command('RecordPaymentAuthorized', { amount });
const declined = (reason = 'INSUFFICIENT_CREDIT') => command('RecordPaymentDeclined', { reason });
const allLines = [reserved(lineB), reserved(lineA)];

describe('RecordPaymentAuthorized', () => {
  it('confirms an order awaiting its payment', () => {
    given(awaitingPaymentHistory).when(authorized()).then([confirmed]);
  });

  it('confirms in the currency the order was placed in', () => {
    given(awaitingPaymentHistoryIn('CHF'))
      .when(authorized())
      .then([confirmedIn('CHF')]);
  });

  it('confirms a free order whose authorized amount is 0', () => {
    const line = { sku: 'gift', quantity: 1, unitPrice: 0 };
    const history: OrdersEvent[] = [
      {
        type: 'OrderPlaced',
        data: { orderId, customerId, currency: 'EUR', lines: [line], total: 0, placedAt, deadline },
      },
      { type: 'OrderLineReserved', data: { orderId, sku: 'gift', quantity: 1 } },
      { type: 'OrderAwaitingPayment', data: { orderId, customerId, total: 0, currency: 'EUR' } },
    ];
    given(history)
      .when(authorized(0))
      .then([
        {
          type: 'OrderConfirmed',
          data: { orderId, amount: 0, currency: 'EUR', confirmedAt: '2026-11-23T10:01:00.000Z' },
        },
      ]);
  });

  it('rejects the order and refunds when payments authorized another amount than the total', () => {
    given(awaitingPaymentHistory)
      .when(authorized(total + 1))
      .then([
        rejected('PAYMENT_MISMATCH', allLines, { paymentAuthorized: true }),
        refundRequested(total + 1),
      ]);
  });

  it('ignores a duplicate authorization of a confirmed order', () => {
    given(confirmedHistory).when(authorized()).then([]);
  });

  it('ignores a duplicate authorization of a cancelled order: the cancellation refunds it', () => {
    given(cancelledHistory).when(authorized()).then([]);
  });

  it('asks for a refund of an authorization that arrives after the order timed out', () => {
    given(timedOutHistory)
      .when(authorized())
      .then([refundRequested(total)]);
  });

  it('asks for no second refund when the late authorization comes twice', () => {
    given([...timedOutHistory, refundRequested(total)])
      .when(authorized())
      .then([]);
  });

  it('asks for no second refund after a mismatched payment was refunded', () => {
    const history = [
      ...awaitingPaymentHistory,
      rejected('PAYMENT_MISMATCH', allLines, { paymentAuthorized: true }),
      refundRequested(total + 1),
    ];
    given(history)
      .when(authorized(total + 1))
      .then([]);
  });

  it('refunds whatever was authorized late, even for an order rejected before payment was asked', () => {
    given(rejectedHistory)
      .when(authorized(99))
      .then([refundRequested(99)]);
  });

  it.each([
    ['placed', placedHistory],
    ['partly reserved', partlyReservedHistory],
  ])('refuses an authorization for an order that is %s: payment was never asked', (_, history) => {
    given(history).when(authorized()).then('ORDER_NOT_AWAITING_PAYMENT');
  });

  it('refuses an authorization for an order that does not exist', () => {
    given().when(authorized()).then('ORDER_NOT_FOUND');
  });
});

describe('RecordPaymentDeclined', () => {
  it('rejects the order and hands back every line, latest reserved first', () => {
    given(awaitingPaymentHistory)
      .when(declined())
      .then([rejected('PAYMENT_DECLINED:INSUFFICIENT_CREDIT', allLines)]);
  });

  it.each([
    ['timed out', timedOutHistory],
    ['already rejected', rejectedHistory],
    ['confirmed', confirmedHistory],
    ['cancelled', cancelledHistory],
  ])('writes nothing when the order is %s: nothing was authorized to undo', (_, history) => {
    given(history).when(declined()).then([]);
  });

  it('refuses a decline for an order that never asked for payment', () => {
    given(placedHistory).when(declined()).then('ORDER_NOT_AWAITING_PAYMENT');
  });

  it('refuses a decline for an order that does not exist', () => {
    given().when(declined()).then('ORDER_NOT_FOUND');
  });
});
