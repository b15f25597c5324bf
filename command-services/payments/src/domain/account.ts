/**
 * A customer's credit account. Plain JSON, because the command processor snapshots it as JSON:
 * bump the context's snapshotVersion whenever this shape changes.
 */
export type Account =
  | { status: 'Unknown' }
  | {
      status: 'Open';
      currency: string;
      creditLimit: number;
      /** Sum of the amounts currently authorized: always within creditLimit. */
      used: number;
      /** Amount authorized per order, until that order is refunded. */
      authorizations: Readonly<Record<string, number>>;
    };

export type OpenAccountState = Extract<Account, { status: 'Open' }>;

export const initialAccount: Account = { status: 'Unknown' };

export const availableCredit = (account: OpenAccountState): number =>
  account.creditLimit - account.used;

// Order ids come from outside: `hasOwn` keeps an id like "toString" or "__proto__" from reading
// Object.prototype's members as an authorization.
export const authorizedAmount = (account: OpenAccountState, orderId: string): number | undefined =>
  Object.hasOwn(account.authorizations, orderId) ? account.authorizations[orderId] : undefined;
