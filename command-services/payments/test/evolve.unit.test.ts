import type { PaymentsEvent } from '@orderflow/contracts';
import { describe, expect, it } from 'vitest';
import { accountDecider, type Account } from '../src/domain/index.ts';
import { authorized, customerId, fold, opened, refunded } from './given.ts';

const declined: PaymentsEvent = {
  type: 'PaymentDeclined',
  data: {
    customerId,
    orderId: 'order-9',
    amount: 5000,
    currency: 'EUR',
    available: 600,
    reason: 'INSUFFICIENT_CREDIT',
  },
};
const granted: PaymentsEvent = {
  type: 'CreditGranted',
  data: { customerId, amount: 500, creditLimitAfter: 1500 },
};

describe('evolve', () => {
  it('starts with no account', () => {
    expect(accountDecider.initialState).toEqual({ status: 'Unknown' });
  });

  it('opens an account with nothing used', () => {
    expect(fold([opened(1000, 'EUR')])).toEqual({
      status: 'Open',
      currency: 'EUR',
      creditLimit: 1000,
      used: 0,
      authorizations: {},
    });
  });

  it('folds every event type into limit, usage and open authorizations', () => {
    const account = fold([
      opened(1000),
      authorized('order-1', 400, 600),
      declined,
      granted,
      authorized('order-2', 300, 800),
      refunded('order-1', 400, 1200),
    ]);
    expect(account).toEqual({
      status: 'Open',
      currency: 'EUR',
      creditLimit: 1500,
      used: 300,
      authorizations: { 'order-2': 300 },
    });
  });

  it('leaves the account unchanged on a decline', () => {
    const before = fold([opened(1000), authorized('order-1', 400, 600)]);
    expect(accountDecider.evolve(before, declined)).toEqual(before);
  });

  it('survives a JSON snapshot round trip, order ids like __proto__ included', () => {
    const account = fold([opened(1000), authorized('__proto__', 10, 990)]);
    const restored = JSON.parse(JSON.stringify(account)) as Account;
    expect(restored).toEqual(account);
    expect(
      fold([opened(1000), authorized('__proto__', 10, 990), refunded('__proto__', 10, 1000)]),
    ).toMatchObject({ used: 0, authorizations: {} });
  });

  it('ignores account events reaching an account that was never opened', () => {
    for (const event of [
      granted,
      authorized('order-1', 1, 0),
      refunded('order-1', 1, 0),
      declined,
    ]) {
      expect(accountDecider.evolve({ status: 'Unknown' }, event)).toEqual({ status: 'Unknown' });
    }
  });
});
