import { describe, expect, it } from 'vitest';
import { orderSummaries } from '../src/order-summaries.ts';
import { foldStream, foreignEnvelope, inContext, instantOf, nth, viewsAlong } from './envelopes.ts';
import {
  cancelledSaga,
  customerId,
  happySaga,
  orderId,
  outOfStockSaga,
  paymentDeclinedSaga,
  placedAt,
  timedOutThenPaidSaga,
  total,
} from './order-events.ts';

describe('order-summaries', () => {
  it('happy saga: placed, awaiting payment, confirmed; updatedAt follows each event', () => {
    const views = viewsAlong(orderSummaries, happySaga);
    expect(views[0]).toEqual({
      orderId,
      customerId,
      status: 'Placed',
      total,
      currency: 'EUR',
      placedAt,
      updatedAt: instantOf(1),
    });
    expect(views.map((view) => view?.status)).toEqual([
      'Placed',
      'Placed',
      'Placed',
      'AwaitingPayment',
      'Confirmed',
    ]);
    expect(views.map((view) => view?.updatedAt)).toEqual(happySaga.map((e) => e.occurredAt));
    expect(views[4]).toMatchObject({ placedAt, total, currency: 'EUR' });
  });

  it('rejections: out of stock and payment declined', () => {
    expect(foldStream(orderSummaries, outOfStockSaga)?.status).toBe('Rejected');
    expect(foldStream(orderSummaries, paymentDeclinedSaga)?.status).toBe('Rejected');
  });

  it('a late answer after a timeout keeps the order Rejected', () => {
    expect(foldStream(orderSummaries, timedOutThenPaidSaga)).toMatchObject({
      status: 'Rejected',
      updatedAt: instantOf(6),
    });
  });

  it('cancel after confirm', () => {
    expect(foldStream(orderSummaries, cancelledSaga)).toMatchObject({
      status: 'Cancelled',
      updatedAt: instantOf(6),
    });
  });

  it('no view until the order is placed; foreign events change nothing', () => {
    expect(orderSummaries.evolve(null, nth(happySaga, 4))).toBeNull();
    const view = foldStream(orderSummaries, happySaga);
    expect(orderSummaries.evolve(view, foreignEnvelope(orderId, 6))).toBe(view);
    expect(orderSummaries.evolve(null, inContext(nth(happySaga, 0), 'inventory'))).toBeNull();
  });
});
