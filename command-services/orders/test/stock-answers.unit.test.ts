import type { OrdersEvent } from '@orderflow/contracts';
import { describe, it } from 'vitest';
import {
  awaitingPayment,
  awaitingPaymentHistory,
  cancelledHistory,
  confirmedHistory,
  lineA,
  lineB,
  lineReserved,
  partlyReservedHistory,
  placed,
  placedHistory,
  rejected,
  rejectedHistory,
  releaseRequested,
  reserved,
  timedOutHistory,
} from './order-events.ts';
import { command, customerId, deadline, given, orderId, placedAt } from './order-spec.ts';

const stockReserved = (line: { sku: string; quantity: number }) =>
  command('RecordStockReserved', { sku: line.sku, quantity: line.quantity });
const stockRejected = (sku: string, reason = 'INSUFFICIENT_STOCK') =>
  command('RecordStockRejected', { sku, reason });

const lineC = { sku: 'sku-c', quantity: 5, unitPrice: 10 };
const threeLinesPlaced: OrdersEvent = {
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    currency: 'EUR',
    lines: [lineA, lineB, lineC],
    total: 2600,
    placedAt,
    deadline,
  },
};

describe('RecordStockReserved', () => {
  it('marks the line reserved while other lines still wait', () => {
    given(placedHistory)
      .when(stockReserved(lineA))
      .then([lineReserved(lineA)]);
  });

  it('asks for the payment of the total once the last line is reserved', () => {
    given(partlyReservedHistory)
      .when(stockReserved(lineB))
      .then([lineReserved(lineB), awaitingPayment]);
  });

  it('takes the answers in any order: the last one to arrive completes the reservation', () => {
    given([placed, lineReserved(lineB)])
      .when(stockReserved(lineA))
      .then([lineReserved(lineA), awaitingPayment]);
  });

  it('asks for the payment at once when a single-line order is reserved', () => {
    const single: OrdersEvent = {
      type: 'OrderPlaced',
      data: { orderId, customerId, currency: 'EUR', lines: [lineC], total: 50, placedAt, deadline },
    };
    given([single])
      .when(stockReserved(lineC))
      .then([
        lineReserved(lineC),
        { type: 'OrderAwaitingPayment', data: { orderId, customerId, total: 50, currency: 'EUR' } },
      ]);
  });

  it('ignores a duplicate answer for a line already reserved', () => {
    given(partlyReservedHistory).when(stockReserved(lineA)).then([]);
  });

  it.each([
    ['awaiting payment', awaitingPaymentHistory],
    ['confirmed', confirmedHistory],
    ['cancelled (its cancellation released every line)', cancelledHistory],
  ])('ignores a duplicate answer when the order is %s', (_, history) => {
    given(history).when(stockReserved(lineB)).then([]);
  });

  it('rejects the order when inventory reserved another quantity than the line asked for', () => {
    given(partlyReservedHistory)
      .when(stockReserved({ sku: lineB.sku, quantity: 7 }))
      .then([
        rejected('RESERVATION_MISMATCH:sku-b', [{ sku: 'sku-b', quantity: 7 }, reserved(lineA)]),
      ]);
  });

  it('asks inventory to release a reservation that arrives after the rejection', () => {
    given(rejectedHistory)
      .when(stockReserved(lineB))
      .then([releaseRequested(lineB)]);
  });

  it('releases what inventory says it holds, even if it is not what the line asked for', () => {
    given(rejectedHistory)
      .when(stockReserved({ sku: lineB.sku, quantity: 3 }))
      .then([releaseRequested({ sku: lineB.sku, quantity: 3 })]);
  });

  it('asks for no second release of a line the rejection already handed back', () => {
    given(rejectedHistory).when(stockReserved(lineA)).then([]);
  });

  it('asks for no second release when the late answer comes twice', () => {
    given([...rejectedHistory, releaseRequested(lineB)])
      .when(stockReserved(lineB))
      .then([]);
  });

  it('asks for no release of lines a timed-out order had reserved: the rejection did', () => {
    given(timedOutHistory).when(stockReserved(lineB)).then([]);
  });

  it('refuses an answer about a SKU the order does not have', () => {
    given(placedHistory).when(stockReserved(lineC)).then('LINE_NOT_FOUND');
    given(rejectedHistory).when(stockReserved(lineC)).then('LINE_NOT_FOUND');
  });

  it('refuses an answer about an order that does not exist', () => {
    given().when(stockReserved(lineA)).then('ORDER_NOT_FOUND');
  });
});

describe('RecordStockRejected', () => {
  it('rejects the order as out of stock, with nothing to release when nothing was reserved', () => {
    given(placedHistory)
      .when(stockRejected('sku-a'))
      .then([rejected('OUT_OF_STOCK:sku-a', [])]);
  });

  it('hands back the lines reserved so far', () => {
    given(partlyReservedHistory)
      .when(stockRejected('sku-b'))
      .then([rejected('OUT_OF_STOCK:sku-b', [reserved(lineA)])]);
  });

  it('lists the reserved lines latest first, so compensations undo in reverse order', () => {
    given([threeLinesPlaced, lineReserved(lineC), lineReserved(lineA)])
      .when(stockRejected('sku-b'))
      .then([rejected('OUT_OF_STOCK:sku-b', [reserved(lineA), reserved(lineC)])]);
  });

  it("keeps inventory's other reasons, naming the line", () => {
    given(placedHistory)
      .when(stockRejected('sku-b', 'UNKNOWN_SKU'))
      .then([rejected('UNKNOWN_SKU:sku-b', [])]);
  });

  it('ignores a refusal for a line already reserved (a retried request refused)', () => {
    given(partlyReservedHistory).when(stockRejected('sku-a')).then([]);
  });

  it.each([
    ['already rejected', rejectedHistory],
    ['rejected by its deadline', timedOutHistory],
    ['awaiting payment', awaitingPaymentHistory],
    ['confirmed', confirmedHistory],
    ['cancelled', cancelledHistory],
  ])('writes nothing when the order is %s', (_, history) => {
    given(history).when(stockRejected('sku-b')).then([]);
  });

  it('refuses an answer about a SKU the order does not have', () => {
    given(placedHistory).when(stockRejected('sku-c')).then('LINE_NOT_FOUND');
  });

  it('refuses an answer about an order that does not exist', () => {
    given().when(stockRejected('sku-a')).then('ORDER_NOT_FOUND');
  });
});
