import { describe, it } from 'vitest';
import { authorized, given, opened, refunded } from './given.ts';

const refund = (orderId: string) => ({ type: 'RefundPayment', data: { orderId } }) as const;

describe('RefundPayment', () => {
  it("refunds the order's whole authorized amount, freeing the credit", () => {
    given(opened(1000), authorized('order-1', 400, 600), authorized('order-2', 100, 500))
      .when(refund('order-1'))
      .then(refunded('order-1', 400, 900));
  });

  it('is idempotent: an order refunded already is not refunded twice', () => {
    given(opened(1000), authorized('order-1', 400, 600), refunded('order-1', 400, 1000))
      .when(refund('order-1'))
      .then();
  });

  it('does nothing for an order that was never authorized (a compensation for a decline)', () => {
    given(opened(1000), authorized('order-1', 400, 600))
      .when(refund('order-2'))
      .then();
  });

  it('does nothing for an order id named like an Object.prototype member', () => {
    given(opened(1000)).when(refund('toString')).then();
    given(opened(1000)).when(refund('__proto__')).then();
  });

  it('refunds a payment authorized again after an earlier refund', () => {
    given(
      opened(1000),
      authorized('order-1', 400, 600),
      refunded('order-1', 400, 1000),
      authorized('order-1', 300, 700),
    )
      .when(refund('order-1'))
      .then(refunded('order-1', 300, 1000));
  });

  it('refuses a refund for a customer without an account', () => {
    given().when(refund('order-1')).thenRefuses('ACCOUNT_NOT_FOUND');
  });
});
