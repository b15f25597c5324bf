import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';
import { paymentsEventOf, paymentsSource, unchangedBy } from './context-events.ts';

/** A customer's credit account: what it may spend, what is held, and for which orders. */
export interface AccountView {
  readonly customerId: string;
  readonly currency: string;
  /** Amounts in minor units of `currency`. */
  readonly creditLimit: number;
  readonly used: number;
  readonly available: number;
  /** Amount held per order id, until that order's payment is refunded. */
  readonly authorizations: Readonly<Record<string, number>>;
}

const withUsed = (
  view: AccountView,
  used: number,
  authorizations: AccountView['authorizations'],
): AccountView => ({ ...view, used, available: view.creditLimit - used, authorizations });

// Order ids come from outside: filtering entries (not `delete`, not a lookup) keeps an id such
// as "__proto__" or "toString" an ordinary key.
const withoutOrder = (authorizations: AccountView['authorizations'], orderId: string) =>
  Object.fromEntries(Object.entries(authorizations).filter(([id]) => id !== orderId));

export const evolveAccount = (
  view: AccountView | null,
  envelope: EventEnvelope,
): AccountView | null => {
  const event = paymentsEventOf(envelope);
  if (event === null) return view;
  if (view === null) {
    // A payment declined for a customer without an account leaves no account behind.
    if (event.type !== 'AccountOpened') return null;
    const { customerId, currency, creditLimit } = event.data;
    return {
      customerId,
      currency,
      creditLimit,
      used: 0,
      available: creditLimit,
      authorizations: {},
    };
  }
  switch (event.type) {
    // Opened once, at version 1: the sink's version guard never replays it onto a view.
    case 'AccountOpened':
      return view;
    case 'CreditGranted': {
      const creditLimit = event.data.creditLimitAfter;
      return { ...view, creditLimit, available: creditLimit - view.used };
    }
    case 'PaymentAuthorized': {
      const { orderId, amount } = event.data;
      const authorizations = { ...withoutOrder(view.authorizations, orderId), [orderId]: amount };
      return withUsed(view, view.used + amount, authorizations);
    }
    case 'PaymentRefunded': {
      const { orderId, amount } = event.data;
      return withUsed(view, view.used - amount, withoutOrder(view.authorizations, orderId));
    }
    // Nothing was authorized, so nothing is held.
    case 'PaymentDeclined':
      return view;
    default:
      return unchangedBy(event, view);
  }
};

export const accounts: KeyedReadModel<AccountView, 'accounts'> = {
  kind: 'keyed',
  name: 'accounts',
  sources: [paymentsSource],
  evolve: evolveAccount,
};
