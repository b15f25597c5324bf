import type { PaymentsEvent } from '@orderflow/contracts';
import type { Account } from './account.ts';

// Total: an event that does not apply to the state (none should reach it) leaves it unchanged,
// so a replay never crashes on history.
export const evolve = (account: Account, event: PaymentsEvent): Account => {
  switch (event.type) {
    case 'AccountOpened': {
      const { creditLimit, currency } = event.data;
      return { status: 'Open', currency, creditLimit, used: 0, authorizations: {} };
    }
    case 'CreditGranted':
      if (account.status !== 'Open') return account;
      return { ...account, creditLimit: event.data.creditLimitAfter };
    case 'PaymentAuthorized': {
      if (account.status !== 'Open') return account;
      const { orderId, amount } = event.data;
      return {
        ...account,
        used: account.used + amount,
        authorizations: { ...account.authorizations, [orderId]: amount },
      };
    }
    case 'PaymentDeclined':
      return account;
    case 'PaymentRefunded': {
      if (account.status !== 'Open') return account;
      const { orderId, amount } = event.data;
      return {
        ...account,
        used: account.used - amount,
        authorizations: Object.fromEntries(
          Object.entries(account.authorizations).filter(([id]) => id !== orderId),
        ),
      };
    }
    default:
      return unknownEvent(event);
  }
};

const unknownEvent = (event: never): never => {
  throw new Error(`unknown payments event ${JSON.stringify(event)}`);
};
