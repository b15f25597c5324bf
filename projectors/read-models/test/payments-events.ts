import type { PaymentsEvent } from '@orderflow/contracts';
import { streamOf } from './envelopes.ts';

export const customerId = 'cust-42';

export const opened: PaymentsEvent = {
  type: 'AccountOpened',
  data: { customerId, creditLimit: 10_000, currency: 'EUR' },
};

export const granted: PaymentsEvent = {
  type: 'CreditGranted',
  data: { customerId, amount: 5_000, creditLimitAfter: 15_000 },
};

export const authorized = (orderId: string, amount: number, availableAfter: number) =>
  ({
    type: 'PaymentAuthorized',
    data: { customerId, orderId, amount, currency: 'EUR', availableAfter },
  }) satisfies PaymentsEvent;

export const declined = (orderId: string, amount: number, available: number) =>
  ({
    type: 'PaymentDeclined',
    data: {
      customerId,
      orderId,
      amount,
      currency: 'EUR',
      available,
      reason: 'INSUFFICIENT_CREDIT',
    },
  }) satisfies PaymentsEvent;

export const refunded = (orderId: string, amount: number, availableAfter: number) =>
  ({
    type: 'PaymentRefunded',
    data: { customerId, orderId, amount, availableAfter },
  }) satisfies PaymentsEvent;

/** Opened, raised, two orders paid, a third too big, the first one refunded. */
export const accountHistory = streamOf('payments', customerId, [
  opened,
  granted,
  authorized('order-1', 4_000, 11_000),
  authorized('order-2', 9_000, 2_000),
  declined('order-3', 2_500, 2_000),
  refunded('order-1', 4_000, 6_000),
]);
