import { describe, expect, it } from 'vitest';
import { orderDetails, type OrderDetailsView } from '../src/order-details.ts';
import {
  foldStream,
  foreignEnvelope,
  inContext,
  instantOf,
  nth,
  streamOf,
  viewsAlong,
} from './envelopes.ts';
import {
  cancelledSaga,
  customerId,
  deadline,
  happySaga,
  lineA,
  lineB,
  lineReserved,
  orderId,
  outOfStockSaga,
  paymentDeclinedSaga,
  placed,
  placedAt,
  rejected,
  timedOutThenPaidSaga,
  timedOutThenReservedSaga,
  total,
} from './order-events.ts';

const lines = (reservedA: boolean, reservedB: boolean) => [
  { sku: 'sku-a', quantity: 2, unitPrice: 1000, reserved: reservedA },
  { sku: 'sku-b', quantity: 1, unitPrice: 550, reserved: reservedB },
];

const placedView: OrderDetailsView = {
  orderId,
  customerId,
  currency: 'EUR',
  status: 'Placed',
  lines: lines(false, false),
  total,
  placedAt,
  deadline,
  timeline: [{ step: 'OrderPlaced', at: instantOf(1), detail: '2 lines, 2550 EUR' }],
};

const stepsOf = (view: OrderDetailsView | null) => view?.timeline.map((entry) => entry.step);

describe('order-details', () => {
  it('happy saga: lines reserved one by one, then awaiting payment, then confirmed', () => {
    const views = viewsAlong(orderDetails, happySaga);
    expect(views[0]).toEqual(placedView);
    expect(views[1]).toMatchObject({ status: 'Placed', lines: lines(true, false) });
    expect(views[3]).toMatchObject({ status: 'AwaitingPayment', lines: lines(true, true) });
    expect(views[4]).toEqual({
      ...placedView,
      status: 'Confirmed',
      lines: lines(true, true),
      confirmedAt: instantOf(5),
      timeline: [
        { step: 'OrderPlaced', at: instantOf(1), detail: '2 lines, 2550 EUR' },
        { step: 'OrderLineReserved', at: instantOf(2), detail: '2 x sku-a' },
        { step: 'OrderLineReserved', at: instantOf(3), detail: '1 x sku-b' },
        { step: 'OrderAwaitingPayment', at: instantOf(4), detail: '2550 EUR' },
        { step: 'OrderConfirmed', at: instantOf(5), detail: '2550 EUR' },
      ],
    });
  });

  it('out of stock: rejected with the reason, the reserved line given back', () => {
    const view = foldStream(orderDetails, outOfStockSaga);
    expect(view).toMatchObject({
      status: 'Rejected',
      lines: lines(false, false),
      rejectedAt: instantOf(3),
      rejectionReason: 'OUT_OF_STOCK:sku-b',
    });
    expect(view?.timeline.at(-1)).toEqual({
      step: 'OrderRejected',
      at: instantOf(3),
      detail: 'OUT_OF_STOCK:sku-b',
      reason: 'OUT_OF_STOCK:sku-b',
    });
    expect(view).not.toHaveProperty('confirmedAt');
    expect(view).not.toHaveProperty('cancelledAt');
  });

  it('payment declined: rejected after awaiting payment, every line given back', () => {
    expect(foldStream(orderDetails, paymentDeclinedSaga)).toMatchObject({
      status: 'Rejected',
      lines: lines(false, false),
      rejectionReason: 'PAYMENT_DECLINED:INSUFFICIENT_CREDIT',
    });
  });

  it('a rejection gives back the lines it lists, and only those', () => {
    const partlyGivenBack = streamOf('orders', orderId, [
      placed,
      lineReserved(lineA),
      lineReserved(lineB),
      rejected('TIMEOUT', [lineB], instantOf(4)),
    ]);
    expect(foldStream(orderDetails, partlyGivenBack)).toMatchObject({
      status: 'Rejected',
      lines: lines(true, false),
    });
  });

  it('timeout, then a late authorization: the refund request only adds a timeline entry', () => {
    const views = viewsAlong(orderDetails, timedOutThenPaidSaga);
    const [rejected, refunded] = views.slice(-2);
    expect(rejected).toMatchObject({ status: 'Rejected', rejectionReason: 'TIMEOUT' });
    // The timeout step: when the order was given up, why, and which deadline passed.
    expect(rejected?.timeline.at(-1)).toEqual({
      step: 'OrderRejected',
      at: instantOf(5),
      detail: `TIMEOUT: no final answer by the deadline ${deadline}`,
      reason: 'TIMEOUT',
    });
    expect(refunded).toEqual({
      ...rejected,
      timeline: [
        ...(rejected?.timeline ?? []),
        { step: 'OrderRefundRequested', at: instantOf(6), detail: 'refund 2550 EUR' },
      ],
    });
  });

  it('timeout, then a late reservation: the release request only adds a timeline entry', () => {
    const view = foldStream(orderDetails, timedOutThenReservedSaga);
    expect(view).toMatchObject({
      status: 'Rejected',
      rejectionReason: 'TIMEOUT',
      // A was given back with the rejection; the late B was handed straight back.
      lines: lines(false, false),
    });
    expect(view?.timeline.at(-1)).toEqual({
      step: 'OrderStockReleaseRequested',
      at: instantOf(4),
      detail: '1 x sku-b',
    });
  });

  it('cancel after confirm: cancelled with the reason, confirmation kept, lines given back', () => {
    const view = foldStream(orderDetails, cancelledSaga);
    expect(view).toMatchObject({
      status: 'Cancelled',
      lines: lines(false, false),
      confirmedAt: instantOf(5),
      cancelledAt: instantOf(6),
      cancellationReason: 'changed my mind',
    });
    expect(view?.timeline.at(-1)).toEqual({
      step: 'OrderCancelled',
      at: instantOf(6),
      detail: 'refund 2550 EUR: changed my mind',
    });
  });

  it('one timeline entry per order event, in version order', () => {
    for (const saga of [happySaga, outOfStockSaga, timedOutThenPaidSaga, cancelledSaga]) {
      const view = foldStream(orderDetails, saga);
      expect(stepsOf(view)).toEqual(saga.map((envelope) => envelope.event.type));
      expect(view?.timeline.map((entry) => entry.at)).toEqual(saga.map((e) => e.occurredAt));
    }
  });

  it('no view until the order is placed', () => {
    expect(orderDetails.evolve(null, nth(happySaga, 1))).toBeNull();
  });

  it('ignores foreign events: another context, or an orders type relabelled', () => {
    const view = foldStream(orderDetails, happySaga);
    expect(orderDetails.evolve(view, foreignEnvelope(orderId, 9))).toBe(view);
    expect(orderDetails.evolve(null, foreignEnvelope(orderId))).toBeNull();
    expect(orderDetails.evolve(null, inContext(nth(happySaga, 0), 'payments'))).toBeNull();
    // A type added to orders after this build: not ours to guess at.
    expect(orderDetails.evolve(view, inContext(foreignEnvelope(orderId, 9), 'orders'))).toBe(view);
  });

  it('does not change the view it is given', () => {
    const before = foldStream(orderDetails, happySaga.slice(0, 1));
    const snapshot = structuredClone(before);
    orderDetails.evolve(before, nth(happySaga, 1));
    expect(before).toEqual(snapshot);
  });
});
