import { describe, it } from 'vitest';
import {
  awaitingPaymentHistory,
  cancelled,
  cancelledHistory,
  confirmedHistory,
  confirmedHistoryIn,
  placedHistory,
  rejectedHistory,
  timedOutHistory,
} from './order-events.ts';
import { command, given } from './order-spec.ts';

const cancelAt = '2026-11-24T09:00:00.000Z';

describe('CancelOrder', () => {
  it('cancels a confirmed order: every line to release (latest reserved first) and the amount to refund', () => {
    given(confirmedHistory)
      .when(command('CancelOrder', { reason: 'changed my mind' }, cancelAt))
      .then([cancelled('changed my mind', cancelAt)]);
  });

  it('refunds in the currency the order was placed in', () => {
    given(confirmedHistoryIn('CHF'))
      .when(command('CancelOrder', {}, cancelAt))
      .then([cancelled(null, cancelAt, 'CHF')]);
  });

  it('records no reason when the customer gave none', () => {
    given(confirmedHistory)
      .when(command('CancelOrder', {}, cancelAt))
      .then([cancelled(null, cancelAt)]);
  });

  it('is idempotent: cancelling a cancelled order writes nothing', () => {
    given(cancelledHistory)
      .when(command('CancelOrder', { reason: 'again' }))
      .then([]);
  });

  it.each([
    ['placed', placedHistory],
    ['awaiting payment', awaitingPaymentHistory],
    ['rejected', rejectedHistory],
    ['timed out', timedOutHistory],
  ])('refuses to cancel an order that is %s', (_, history) => {
    given(history).when(command('CancelOrder', {})).then('ORDER_NOT_CANCELLABLE');
  });

  it('refuses to cancel an order that does not exist', () => {
    given().when(command('CancelOrder', {})).then('ORDER_NOT_FOUND');
  });
});
