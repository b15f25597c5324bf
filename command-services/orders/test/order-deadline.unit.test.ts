import type { OrdersEvent } from '@orderflow/contracts';
import { deadlineCommandId } from '@orderflow/kernel';
import { describe, expect, it } from 'vitest';
import { ordersCommandBody } from '../src/domain/commands.ts';
import { orderDeadline } from '../src/deadlines/order-deadline.ts';
import {
  awaitingPayment,
  cancelled,
  confirmed,
  lineA,
  lineReserved,
  placed,
  rejected,
} from './order-events.ts';
import { deadline, orderId } from './order-spec.ts';

const given = (event: OrdersEvent) => ({
  then: (expected: ReturnType<typeof orderDeadline.track>) => {
    expect(orderDeadline.track(event)).toEqual(expected);
  },
});

describe('the order deadline schedule', () => {
  it('starts the timer with the deadline OrderPlaced carries', () => {
    given(placed).then({ kind: 'set', dueAt: deadline });
  });

  it('does not move the deadline while the saga progresses', () => {
    given(lineReserved(lineA)).then(null);
    given(awaitingPayment).then(null);
  });

  it('settles the timer on every outcome of the order', () => {
    given(confirmed).then({ kind: 'clear' });
    given(rejected('OUT_OF_STOCK:sku-b', [])).then({ kind: 'clear' });
    given(rejected('TIMEOUT', [])).then({ kind: 'clear' });
    given(cancelled(null)).then({ kind: 'clear' });
  });

  it('ignores the late-answer compensations that follow a rejection', () => {
    given({ type: 'OrderRefundRequested', data: { orderId, customerId: 'c', amount: 1 } }).then(
      null,
    );
    given({ type: 'OrderStockReleaseRequested', data: { orderId, sku: 's', quantity: 1 } }).then(
      null,
    );
  });

  it('expires the order with a command the orders command path accepts', () => {
    const expiry = orderDeadline.expire(orderId);
    expect(ordersCommandBody.safeParse(expiry).success).toBe(true);
    expect(expiry.type).toBe('ExpireOrder');
  });

  it('names one expiry per order, however often it fires', () => {
    const first = deadlineCommandId(orderDeadline.name, orderId);
    expect(deadlineCommandId(orderDeadline.name, orderId)).toBe(first);
    expect(deadlineCommandId(orderDeadline.name, 'order-2')).not.toBe(first);
    expect(deadlineCommandId('another-schedule', orderId)).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
