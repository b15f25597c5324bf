import type { PaymentsEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import { describe, expect, it } from 'vitest';
import { accountDecider, availableCredit, type Account } from '../src/domain/index.ts';
import { command } from './given.ts';

// A seeded generator: the same long, mixed command sequence on every run, so a failure replays.
const seeded = (seed: number) => () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

// Few, small grants and a handful of order ids, so that credit runs out and orders get retried.
const randomCommand = (random: () => number) => {
  const pick = random();
  const orderId = `order-${Math.floor(random() * 8)}`;
  const amount = Math.floor(random() * 400);
  if (pick < 0.01) {
    return command({ type: 'OpenAccount', data: { creditLimit: 500, currency: 'EUR' } });
  }
  if (pick < 0.03) return command({ type: 'GrantCredit', data: { amount: (amount % 50) + 1 } });
  if (pick < 0.6) {
    const currency = random() < 0.05 ? 'USD' : 'EUR';
    return command({ type: 'AuthorizePayment', data: { orderId, amount, currency } });
  }
  return command({ type: 'RefundPayment', data: { orderId } });
};

const decideOrRefuse = (account: Account, random: () => number): PaymentsEvent[] => {
  try {
    return accountDecider.decide(randomCommand(random), account);
  } catch (error) {
    if (error instanceof DomainError) return [];
    throw error;
  }
};

const sumOf = (history: readonly PaymentsEvent[], type: 'PaymentAuthorized' | 'PaymentRefunded') =>
  history.reduce((sum, event) => (event.type === type ? sum + event.data.amount : sum), 0);

const expectEventAgreesWithState = (event: PaymentsEvent, account: Account) => {
  if (account.status !== 'Open') return;
  if (event.type === 'CreditGranted') expect(account.creditLimit).toBe(event.data.creditLimitAfter);
  if (event.type === 'PaymentAuthorized' || event.type === 'PaymentRefunded') {
    expect(availableCredit(account)).toBe(event.data.availableAfter);
  }
};

describe('credit invariant', () => {
  it.each([1, 2, 3, 42])(
    'keeps used = authorized - refunded, and used within the limit (seed %i)',
    (seed) => {
      const random = seeded(seed);
      const history: PaymentsEvent[] = [];
      const outcomes = new Set<string>();
      let account = accountDecider.initialState;
      for (let step = 0; step < 2000; step += 1) {
        for (const event of decideOrRefuse(account, random)) {
          account = accountDecider.evolve(account, event);
          history.push(event);
          outcomes.add(event.type === 'PaymentDeclined' ? event.data.reason : event.type);
          expectEventAgreesWithState(event, account);
        }
        if (account.status !== 'Open') continue;
        expect(account.used).toBe(
          sumOf(history, 'PaymentAuthorized') - sumOf(history, 'PaymentRefunded'),
        );
        expect(account.used).toBe(Object.values(account.authorizations).reduce((a, b) => a + b, 0));
        expect(account.used).toBeGreaterThanOrEqual(0);
        expect(account.used).toBeLessThanOrEqual(account.creditLimit);
      }
      // Guards the guard: a run that never ran out of credit or refunded would prove little.
      expect([...outcomes]).toEqual(
        expect.arrayContaining([
          'CreditGranted',
          'PaymentAuthorized',
          'PaymentRefunded',
          'INSUFFICIENT_CREDIT',
          'CURRENCY_MISMATCH',
        ]),
      );
    },
  );
});
