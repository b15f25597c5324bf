import type { OrdersEvent } from '@orderflow/contracts';
import { describe, expect, it } from 'vitest';
import { evolve } from '../src/domain/evolve.ts';
import type { Order } from '../src/domain/order.ts';
import {
  awaitingPayment,
  awaitingPaymentHistory,
  cancelled,
  confirmed,
  confirmedHistory,
  lineA,
  lineB,
  lineReserved,
  partlyReservedHistory,
  placed,
  placedHistory,
  refundRequested,
  rejected,
  rejectedHistory,
  releaseRequested,
  reserved,
  timedOutHistory,
  total,
} from './order-events.ts';
import { answeredAt, customerId, deadline, fold, placedAt } from './order-spec.ts';

const details = { customerId, currency: 'EUR', lines: [lineA, lineB], total, placedAt, deadline };

describe('evolve', () => {
  it('OrderPlaced: a placed order with nothing reserved yet', () => {
    expect(fold(placedHistory)).toEqual({ status: 'Placed', ...details, reserved: [] });
  });

  it('OrderLineReserved: the SKU joins the reserved ones, in arrival order', () => {
    expect(fold(partlyReservedHistory)).toEqual({
      status: 'Placed',
      ...details,
      reserved: ['sku-a'],
    });
    expect(fold([placed, lineReserved(lineB), lineReserved(lineA)])).toMatchObject({
      reserved: ['sku-b', 'sku-a'],
    });
  });

  it('OrderAwaitingPayment: every line reserved, the payment asked for', () => {
    expect(fold(awaitingPaymentHistory)).toEqual({
      status: 'AwaitingPayment',
      ...details,
      reserved: ['sku-a', 'sku-b'],
    });
  });

  it('OrderConfirmed: the authorized amount and when', () => {
    expect(fold(confirmedHistory)).toEqual({
      status: 'Confirmed',
      ...details,
      reserved: ['sku-a', 'sku-b'],
      amount: total,
      confirmedAt: answeredAt,
    });
  });

  it('OrderCancelled: the refunded amount, the reason and when', () => {
    expect(fold([...confirmedHistory, cancelled('too slow', '2026-11-24T00:00:00.000Z')])).toEqual({
      status: 'Cancelled',
      ...details,
      amount: total,
      reason: 'too slow',
      cancelledAt: '2026-11-24T00:00:00.000Z',
    });
  });

  it('OrderRejected: the reason, and the lines it handed back as released', () => {
    expect(fold(rejectedHistory)).toEqual({
      status: 'Rejected',
      ...details,
      reason: 'OUT_OF_STOCK:sku-b',
      rejectedAt: answeredAt,
      released: ['sku-a'],
      refundRequested: false,
    });
    expect(fold(timedOutHistory)).toMatchObject({
      status: 'Rejected',
      released: ['sku-b', 'sku-a'],
    });
  });

  it('OrderStockReleaseRequested: the late line is released too', () => {
    expect(fold([...rejectedHistory, releaseRequested(lineB)])).toMatchObject({
      status: 'Rejected',
      released: ['sku-a', 'sku-b'],
    });
  });

  it('OrderRefundRequested: the late payment is being refunded', () => {
    expect(fold([...timedOutHistory, refundRequested(total)])).toMatchObject({
      status: 'Rejected',
      refundRequested: true,
    });
  });

  it.each<[string, OrdersEvent[], OrdersEvent]>([
    ['a reservation after the payment was asked', awaitingPaymentHistory, lineReserved(lineA)],
    ['a payment request while nothing is placed', [], awaitingPayment],
    ['a confirmation of a placed order', placedHistory, confirmed],
    ['a rejection of a confirmed order', confirmedHistory, rejected('TIMEOUT', [])],
    ['a cancellation of a rejected order', rejectedHistory, cancelled(null)],
    ['a release request for a confirmed order', confirmedHistory, releaseRequested(lineA)],
    ['a refund request for a placed order', placedHistory, refundRequested(total)],
  ])('leaves the state as it is for an event out of place: %s', (_, history, event) => {
    const before = fold(history);
    expect(evolve(before, event)).toBe(before);
  });

  it('keeps state as plain JSON, so a snapshot restores it exactly', () => {
    const histories: OrdersEvent[][] = [
      placedHistory,
      partlyReservedHistory,
      awaitingPaymentHistory,
      confirmedHistory,
      [...confirmedHistory, cancelled(null)],
      [...timedOutHistory, refundRequested(total), releaseRequested(reserved(lineA))],
    ];
    for (const history of histories) {
      const state: Order = fold(history);
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    }
  });
});
