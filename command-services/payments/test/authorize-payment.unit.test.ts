import type { PaymentsEvent } from '@orderflow/contracts';
import { describe, it } from 'vitest';
import { authorized, customerId, given, opened, refunded } from './given.ts';

const authorize = (orderId: string, amount: number, currency = 'EUR') =>
  ({ type: 'AuthorizePayment', data: { orderId, amount, currency } }) as const;

const declined = (
  orderId: string,
  amount: number,
  available: number,
  reason: 'ACCOUNT_NOT_FOUND' | 'CURRENCY_MISMATCH' | 'INSUFFICIENT_CREDIT',
  currency = 'EUR',
): PaymentsEvent => ({
  type: 'PaymentDeclined',
  data: { customerId, orderId, amount, currency, available, reason },
});

describe('AuthorizePayment', () => {
  it('authorizes an amount within the available credit', () => {
    given(opened(1000))
      .when(authorize('order-1', 400))
      .then(authorized('order-1', 400, 600));
  });

  it('authorizes exactly the available credit, leaving none', () => {
    given(opened(1000), authorized('order-1', 400, 600))
      .when(authorize('order-2', 600))
      .then(authorized('order-2', 600, 0));
  });

  it('authorizes a zero amount (a free order)', () => {
    given(opened(0))
      .when(authorize('order-1', 0))
      .then(authorized('order-1', 0, 0));
  });

  it('counts credit granted after opening', () => {
    given(opened(100), {
      type: 'CreditGranted',
      data: { customerId, amount: 900, creditLimitAfter: 1000 },
    })
      .when(authorize('order-1', 1000))
      .then(authorized('order-1', 1000, 0));
  });

  it('declines one minor unit more than the available credit, reporting what is available', () => {
    given(opened(1000), authorized('order-1', 400, 600))
      .when(authorize('order-2', 601))
      .then(declined('order-2', 601, 600, 'INSUFFICIENT_CREDIT'));
  });

  it('declines a payment in another currency than the account', () => {
    given(opened(1000, 'EUR'))
      .when(authorize('order-1', 10, 'USD'))
      .then(declined('order-1', 10, 1000, 'CURRENCY_MISMATCH', 'USD'));
  });

  it('declines, as an event the saga reacts to, a payment for a customer without an account', () => {
    given()
      .when(authorize('order-1', 10))
      .then(declined('order-1', 10, 0, 'ACCOUNT_NOT_FOUND'));
  });

  it('is idempotent: an order already authorized is not authorized again', () => {
    given(opened(1000), authorized('order-1', 400, 600))
      .when(authorize('order-1', 400))
      .then();
  });

  it('stays idempotent when the retry arrives after the credit ran out', () => {
    given(opened(1000), authorized('order-1', 400, 600), authorized('order-2', 600, 0))
      .when(authorize('order-1', 400))
      .then();
  });

  it('decides again for an order that was refunded', () => {
    given(opened(1000), authorized('order-1', 400, 600), refunded('order-1', 400, 1000))
      .when(authorize('order-1', 400))
      .then(authorized('order-1', 400, 600));
  });

  it('decides again for an order that was declined before, now that credit was granted', () => {
    given(opened(100), declined('order-1', 500, 100, 'INSUFFICIENT_CREDIT'), {
      type: 'CreditGranted',
      data: { customerId, amount: 400, creditLimitAfter: 500 },
    })
      .when(authorize('order-1', 500))
      .then(authorized('order-1', 500, 0));
  });

  it('treats order ids named like Object.prototype members as ordinary orders', () => {
    given(opened(1000))
      .when(authorize('toString', 10))
      .then(authorized('toString', 10, 990));
    given(opened(1000))
      .when(authorize('__proto__', 10))
      .then(authorized('__proto__', 10, 990));
  });
});
