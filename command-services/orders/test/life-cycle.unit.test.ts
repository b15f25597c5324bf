import { describe, expect, it } from 'vitest';
import {
  awaitingPayment,
  cancelled,
  confirmed,
  lineA,
  lineB,
  lineReserved,
  placed,
  refundRequested,
  rejected,
  releaseRequested,
  reserved,
  total,
} from './order-events.ts';
import { command, customerId, deadline, placedAt, run } from './order-spec.ts';

const placeOrder = command(
  'PlaceOrder',
  { customerId, currency: 'EUR', lines: [lineA, lineB], deadline },
  placedAt,
);
const stockReserved = (line: { sku: string; quantity: number }) =>
  command('RecordStockReserved', { sku: line.sku, quantity: line.quantity });
const outOfStock = (sku: string) =>
  command('RecordStockRejected', { sku, reason: 'INSUFFICIENT_STOCK' });
const authorized = command('RecordPaymentAuthorized', { amount: total });
const declined = command('RecordPaymentDeclined', { reason: 'INSUFFICIENT_CREDIT' });
const expire = command('ExpireOrder', {}, deadline);
const cancelAt = '2026-11-24T09:00:00.000Z';

describe('the order saga, command by command', () => {
  it('places, reserves, is paid, is confirmed, is cancelled; every repeated answer writes nothing', () => {
    const { state, events } = run([
      placeOrder,
      stockReserved(lineA),
      stockReserved(lineA),
      stockReserved(lineB),
      authorized,
      authorized,
      expire,
      command('CancelOrder', { reason: 'changed my mind' }, cancelAt),
      command('CancelOrder', {}, cancelAt),
      stockReserved(lineB),
      authorized,
    ]);
    expect(events).toEqual([
      placed,
      lineReserved(lineA),
      lineReserved(lineB),
      awaitingPayment,
      confirmed,
      cancelled('changed my mind', cancelAt),
    ]);
    expect(state.status).toBe('Cancelled');
  });

  it('is rejected when a line is out of stock, and releases a reservation that comes late, once', () => {
    const { state, events } = run([
      placeOrder,
      stockReserved(lineA),
      outOfStock('sku-b'),
      outOfStock('sku-b'),
      stockReserved(lineB),
      stockReserved(lineB),
      stockReserved(lineA),
      expire,
    ]);
    expect(events).toEqual([
      placed,
      lineReserved(lineA),
      rejected('OUT_OF_STOCK:sku-b', [reserved(lineA)]),
      releaseRequested(lineB),
    ]);
    expect(state).toMatchObject({ status: 'Rejected', released: ['sku-a', 'sku-b'] });
  });

  it('is rejected when the payment is declined, handing back every line', () => {
    const { state, events } = run([
      placeOrder,
      stockReserved(lineB),
      stockReserved(lineA),
      declined,
      declined,
      expire,
    ]);
    expect(events).toEqual([
      placed,
      lineReserved(lineB),
      lineReserved(lineA),
      awaitingPayment,
      rejected('PAYMENT_DECLINED:INSUFFICIENT_CREDIT', [reserved(lineA), reserved(lineB)]),
    ]);
    expect(state.status).toBe('Rejected');
  });

  it('times out waiting for payment, then refunds an authorization that comes late, once', () => {
    const { state, events } = run([
      placeOrder,
      stockReserved(lineA),
      stockReserved(lineB),
      expire,
      authorized,
      authorized,
      declined,
    ]);
    expect(events).toEqual([
      placed,
      lineReserved(lineA),
      lineReserved(lineB),
      awaitingPayment,
      rejected('TIMEOUT', [reserved(lineB), reserved(lineA)], { rejectedAt: deadline }),
      refundRequested(total),
    ]);
    expect(state).toMatchObject({ status: 'Rejected', refundRequested: true });
  });

  it('times out with no answer at all, then releases each late reservation once', () => {
    const { events } = run([
      placeOrder,
      expire,
      stockReserved(lineB),
      stockReserved(lineA),
      stockReserved(lineB),
      outOfStock('sku-a'),
    ]);
    expect(events).toEqual([
      placed,
      rejected('TIMEOUT', [], { rejectedAt: deadline }),
      releaseRequested(lineB),
      releaseRequested(lineA),
    ]);
  });
});
