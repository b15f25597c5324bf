import { describe, expect, it } from 'vitest';
import { ordersContext } from '../src/domain/context.ts';

describe('ordersContext', () => {
  it('names the context, starts from an unknown order, and carries a schema for each event type', () => {
    expect(ordersContext.name).toBe('orders');
    expect(ordersContext.decider.initialState).toEqual({ status: 'Unknown' });
    expect(Object.keys(ordersContext.eventSchemas).sort()).toEqual([
      'OrderAwaitingPayment',
      'OrderCancelled',
      'OrderConfirmed',
      'OrderLineReserved',
      'OrderPlaced',
      'OrderRefundRequested',
      'OrderRejected',
      'OrderStockReleaseRequested',
    ]);
    for (const [type, schema] of Object.entries(ordersContext.eventSchemas)) {
      expect(schema).toMatchObject({ name: type, namespace: 'dev.orderflow.orders' });
    }
  });
});
