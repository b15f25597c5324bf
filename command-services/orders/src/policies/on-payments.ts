import type { PaymentsEvent } from '@orderflow/contracts';
import { toOrder } from './answer.ts';
import type { Policy, PolicyCommand } from './index.ts';

const react = (event: PaymentsEvent): PolicyCommand[] => {
  switch (event.type) {
    case 'PaymentAuthorized': {
      const { orderId, amount } = event.data;
      return [toOrder('RecordPaymentAuthorized', orderId, { amount })];
    }
    case 'PaymentDeclined': {
      const { orderId, reason } = event.data;
      return [toOrder('RecordPaymentDeclined', orderId, { reason })];
    }
    default:
      // AccountOpened, CreditGranted, PaymentRefunded (the end of a compensation), and any
      // event type added later: no order is waiting for them.
      return [];
  }
};

/** The order hears payments' answer to its authorization request. */
export const ordersOnPayments: Policy<'payments'> = {
  name: 'orders.on-payments',
  sourceContext: 'payments',
  react,
};
