import { describe, expect, it } from 'vitest';
import { accounts } from '../src/accounts.ts';
import { foldStream, foreignEnvelope, inContext, nth, streamOf, viewsAlong } from './envelopes.ts';
import {
  accountHistory,
  authorized,
  customerId,
  declined,
  opened,
  refunded,
} from './payments-events.ts';

const account = (creditLimit: number, authorizations: Record<string, number>) => {
  const used = Object.values(authorizations).reduce((sum, amount) => sum + amount, 0);
  return {
    customerId,
    currency: 'EUR',
    creditLimit,
    used,
    available: creditLimit - used,
    authorizations,
  };
};

describe('accounts', () => {
  it('open, grant, authorize twice, decline, refund', () => {
    expect(viewsAlong(accounts, accountHistory)).toEqual([
      account(10_000, {}),
      account(15_000, {}),
      account(15_000, { 'order-1': 4_000 }),
      account(15_000, { 'order-1': 4_000, 'order-2': 9_000 }),
      account(15_000, { 'order-1': 4_000, 'order-2': 9_000 }),
      account(15_000, { 'order-2': 9_000 }),
    ]);
  });

  it('agrees with the availability payments reported on each event', () => {
    const views = viewsAlong(accounts, accountHistory);
    accountHistory.forEach((envelope, index) => {
      const data = envelope.event.data as { availableAfter?: number; available?: number };
      const reported = data.availableAfter ?? data.available;
      if (reported !== undefined) expect(views[index]?.available).toBe(reported);
    });
  });

  it('order ids are plain keys, even ones named like Object members', () => {
    const history = streamOf('payments', customerId, [
      opened,
      authorized('__proto__', 1_000, 9_000),
      authorized('constructor', 2_000, 7_000),
      refunded('__proto__', 1_000, 8_000),
    ]);
    const view = foldStream(accounts, history);
    expect(view).toMatchObject({ used: 2_000, available: 8_000 });
    expect(Object.entries(view?.authorizations ?? {})).toEqual([['constructor', 2_000]]);
    expect(Object.getPrototypeOf(view?.authorizations)).toBe(Object.prototype);
  });

  it('a payment declined without an account leaves no account', () => {
    expect(foldStream(accounts, streamOf('payments', 'nobody', [declined('o', 5, 0)]))).toBeNull();
  });

  it('ignores foreign events', () => {
    const view = foldStream(accounts, accountHistory);
    expect(accounts.evolve(view, foreignEnvelope(customerId, 7))).toBe(view);
    expect(accounts.evolve(null, inContext(nth(accountHistory, 0), 'orders'))).toBeNull();
  });
});
