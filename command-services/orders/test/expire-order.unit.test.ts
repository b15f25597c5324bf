import { describe, it } from 'vitest';
import {
  awaitingPaymentHistory,
  cancelledHistory,
  confirmedHistory,
  lineA,
  lineB,
  partlyReservedHistory,
  placedHistory,
  rejected,
  rejectedHistory,
  reserved,
  timedOutHistory,
} from './order-events.ts';
import { command, deadline, given } from './order-spec.ts';

const expire = () => command('ExpireOrder', {}, deadline);
const timedOut = (lines: ReturnType<typeof reserved>[]) =>
  rejected('TIMEOUT', lines, { rejectedAt: deadline });

describe('ExpireOrder', () => {
  it('rejects a placed order nothing was reserved for', () => {
    given(placedHistory)
      .when(expire())
      .then([timedOut([])]);
  });

  it('rejects a partly reserved order, handing back the lines reserved so far', () => {
    given(partlyReservedHistory)
      .when(expire())
      .then([timedOut([reserved(lineA)])]);
  });

  it('rejects an order still awaiting its payment, handing back every line', () => {
    given(awaitingPaymentHistory)
      .when(expire())
      .then([timedOut([reserved(lineB), reserved(lineA)])]);
  });

  it.each([
    ['confirmed', confirmedHistory],
    ['rejected', rejectedHistory],
    ['already timed out', timedOutHistory],
    ['cancelled', cancelledHistory],
  ])('writes nothing when the order is %s', (_, history) => {
    given(history).when(expire()).then([]);
  });

  it('refuses to expire an order that does not exist', () => {
    given().when(expire()).then('ORDER_NOT_FOUND');
  });
});
