import { describe, expect, it } from 'vitest';
import { paymentsCommandBody } from '../src/domain/index.ts';

const accepts = (body: unknown) => paymentsCommandBody.safeParse(body).success;

describe('paymentsCommandBody', () => {
  it('accepts every well-formed command', () => {
    expect(accepts({ type: 'OpenAccount', data: { creditLimit: 0, currency: 'EUR' } })).toBe(true);
    expect(accepts({ type: 'GrantCredit', data: { amount: 1 } })).toBe(true);
    expect(
      accepts({ type: 'AuthorizePayment', data: { orderId: 'o-1', amount: 0, currency: 'EUR' } }),
    ).toBe(true);
    expect(accepts({ type: 'RefundPayment', data: { orderId: 'o-1' } })).toBe(true);
  });

  it.each([
    [
      'a negative credit limit',
      { type: 'OpenAccount', data: { creditLimit: -1, currency: 'EUR' } },
    ],
    [
      'a fractional credit limit',
      { type: 'OpenAccount', data: { creditLimit: 1.5, currency: 'EUR' } },
    ],
    ['an unsafe integer', { type: 'OpenAccount', data: { creditLimit: 2 ** 53, currency: 'EUR' } }],
    ['a lowercase currency', { type: 'OpenAccount', data: { creditLimit: 1, currency: 'eur' } }],
    ['a 4-letter currency', { type: 'OpenAccount', data: { creditLimit: 1, currency: 'EURO' } }],
    ['a missing currency', { type: 'OpenAccount', data: { creditLimit: 1 } }],
    ['a zero grant', { type: 'GrantCredit', data: { amount: 0 } }],
    ['a negative grant', { type: 'GrantCredit', data: { amount: -5 } }],
    ['a fractional grant', { type: 'GrantCredit', data: { amount: 0.5 } }],
    ['an amount as a string', { type: 'GrantCredit', data: { amount: '5' } }],
    [
      'a negative payment',
      { type: 'AuthorizePayment', data: { orderId: 'o-1', amount: -1, currency: 'EUR' } },
    ],
    [
      'a fractional payment',
      { type: 'AuthorizePayment', data: { orderId: 'o-1', amount: 9.99, currency: 'EUR' } },
    ],
    [
      'an empty order id',
      { type: 'AuthorizePayment', data: { orderId: '', amount: 1, currency: 'EUR' } },
    ],
    [
      'a payment without currency',
      { type: 'AuthorizePayment', data: { orderId: 'o-1', amount: 1 } },
    ],
    ['a refund without order id', { type: 'RefundPayment', data: {} }],
    ['an unknown field in data', { type: 'GrantCredit', data: { amount: 1, reason: 'bonus' } }],
    ['an unknown field beside data', { type: 'GrantCredit', data: { amount: 1 }, extra: true }],
    ['an unknown command type', { type: 'ChargeCard', data: {} }],
    ['a command without data', { type: 'RefundPayment' }],
  ])('rejects %s', (_why, body) => {
    expect(accepts(body)).toBe(false);
  });

  it('names the offending field, so a parked command says what was wrong', () => {
    const result = paymentsCommandBody.safeParse({ type: 'GrantCredit', data: { amount: 0 } });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['data.amount']);
  });
});
