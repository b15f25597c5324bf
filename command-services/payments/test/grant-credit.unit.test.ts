import { describe, it } from 'vitest';
import { authorized, customerId, given, opened } from './given.ts';

describe('GrantCredit', () => {
  it('raises the credit limit by the amount', () => {
    given(opened(1000))
      .when({ type: 'GrantCredit', data: { amount: 250 } })
      .then({ type: 'CreditGranted', data: { customerId, amount: 250, creditLimitAfter: 1250 } });
  });

  it('raises the limit on top of earlier grants, whatever is in use', () => {
    given(
      opened(1000),
      { type: 'CreditGranted', data: { customerId, amount: 500, creditLimitAfter: 1500 } },
      authorized('order-1', 1500, 0),
    )
      .when({ type: 'GrantCredit', data: { amount: 1 } })
      .then({ type: 'CreditGranted', data: { customerId, amount: 1, creditLimitAfter: 1501 } });
  });

  it('refuses credit for a customer without an account', () => {
    given()
      .when({ type: 'GrantCredit', data: { amount: 100 } })
      .thenRefuses('ACCOUNT_NOT_FOUND');
  });

  it('refuses a raise that would take the limit beyond an exactly representable amount', () => {
    given(opened(Number.MAX_SAFE_INTEGER - 10))
      .when({ type: 'GrantCredit', data: { amount: 11 } })
      .thenRefuses('CREDIT_LIMIT_TOO_LARGE');
  });

  it('accepts a raise up to the largest exactly representable amount', () => {
    given(opened(Number.MAX_SAFE_INTEGER - 10))
      .when({ type: 'GrantCredit', data: { amount: 10 } })
      .then({
        type: 'CreditGranted',
        data: { customerId, amount: 10, creditLimitAfter: Number.MAX_SAFE_INTEGER },
      });
  });
});
