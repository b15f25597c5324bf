import { describe, it } from 'vitest';
import { customerId, given, opened } from './given.ts';

describe('OpenAccount', () => {
  it('opens an account with its credit limit and currency', () => {
    given()
      .when({ type: 'OpenAccount', data: { creditLimit: 5000, currency: 'EUR' } })
      .then({ type: 'AccountOpened', data: { customerId, creditLimit: 5000, currency: 'EUR' } });
  });

  it('opens an account with no credit at all', () => {
    given()
      .when({ type: 'OpenAccount', data: { creditLimit: 0, currency: 'USD' } })
      .then({ type: 'AccountOpened', data: { customerId, creditLimit: 0, currency: 'USD' } });
  });

  it('refuses to open an account twice, even with the same data', () => {
    given(opened(5000, 'EUR'))
      .when({ type: 'OpenAccount', data: { creditLimit: 5000, currency: 'EUR' } })
      .thenRefuses('ACCOUNT_ALREADY_OPEN');
  });
});
