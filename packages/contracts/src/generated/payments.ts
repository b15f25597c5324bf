// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.

/** A customer's credit account was opened; nothing is used yet. */
export interface AccountOpened {
  /** The customer owning the account (the aggregate id). */
  customerId: string;
  /** The credit the customer may use, in minor units of the currency. */
  creditLimit: number;
  /** ISO 4217 code of the account's currency, e.g. EUR. */
  currency: string;
}

/** A customer's credit limit was raised. */
export interface CreditGranted {
  /** The customer owning the account (the aggregate id). */
  customerId: string;
  /** How much the credit limit was raised by, in minor units of the account's currency. */
  amount: number;
  /** The credit limit after the raise, in minor units of the account's currency. */
  creditLimitAfter: number;
}

/** An order's payment was authorized against the customer's credit, which it now uses until refunded. */
export interface PaymentAuthorized {
  /** The customer owning the account (the aggregate id). */
  customerId: string;
  /** The order the payment is for. */
  orderId: string;
  /** The amount authorized, in minor units of the currency. */
  amount: number;
  /** ISO 4217 code of the amount's currency (the account's currency). */
  currency: string;
  /** Credit still available after this authorization (credit limit minus used), in minor units. */
  availableAfter: number;
}

/** An order's payment was refused; nothing was authorized and the account is unchanged. */
export interface PaymentDeclined {
  /** The customer the payment was asked of (the aggregate id). */
  customerId: string;
  /** The order the payment was for. */
  orderId: string;
  /** The amount asked for, in minor units of the requested currency. */
  amount: number;
  /** ISO 4217 code of the requested currency. */
  currency: string;
  /** Credit available when the payment was refused, in minor units of the account's currency; 0 when there is no account. */
  available: number;
  /** Why the payment was refused: no account, a currency other than the account's, or more than the available credit. */
  reason: PaymentDeclineReason;
}

/** Why a payment was refused. UNKNOWN is what a reader sees for a reason added after its schema version. */
export type PaymentDeclineReason =
  'ACCOUNT_NOT_FOUND' | 'CURRENCY_MISMATCH' | 'INSUFFICIENT_CREDIT' | 'UNKNOWN';

/** An order's authorized payment was given back (a compensation), freeing the credit it used. */
export interface PaymentRefunded {
  /** The customer owning the account (the aggregate id). */
  customerId: string;
  /** The order whose payment was refunded. */
  orderId: string;
  /** The amount refunded (the whole authorized amount), in minor units of the account's currency. */
  amount: number;
  /** Credit available after the refund, in minor units of the account's currency. */
  availableAfter: number;
}

/** Every payments event: its payload under `data`, tagged with its event type. */
export type PaymentsEvent =
  | { type: 'AccountOpened'; data: AccountOpened }
  | { type: 'CreditGranted'; data: CreditGranted }
  | { type: 'PaymentAuthorized'; data: PaymentAuthorized }
  | { type: 'PaymentDeclined'; data: PaymentDeclined }
  | { type: 'PaymentRefunded'; data: PaymentRefunded };

export type PaymentsEventType = PaymentsEvent['type'];

/** The Avro schema of each payments event type, as registered with the schema registry. */
export const paymentsEventSchemas = {
  AccountOpened: {
    type: 'record',
    name: 'AccountOpened',
    namespace: 'dev.orderflow.payments',
    doc: "A customer's credit account was opened; nothing is used yet.",
    fields: [
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer owning the account (the aggregate id).',
      },
      {
        name: 'creditLimit',
        type: 'long',
        doc: 'The credit the customer may use, in minor units of the currency.',
      },
      {
        name: 'currency',
        type: 'string',
        doc: "ISO 4217 code of the account's currency, e.g. EUR.",
      },
    ],
  },
  CreditGranted: {
    type: 'record',
    name: 'CreditGranted',
    namespace: 'dev.orderflow.payments',
    doc: "A customer's credit limit was raised.",
    fields: [
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer owning the account (the aggregate id).',
      },
      {
        name: 'amount',
        type: 'long',
        doc: "How much the credit limit was raised by, in minor units of the account's currency.",
      },
      {
        name: 'creditLimitAfter',
        type: 'long',
        doc: "The credit limit after the raise, in minor units of the account's currency.",
      },
    ],
  },
  PaymentAuthorized: {
    type: 'record',
    name: 'PaymentAuthorized',
    namespace: 'dev.orderflow.payments',
    doc: "An order's payment was authorized against the customer's credit, which it now uses until refunded.",
    fields: [
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer owning the account (the aggregate id).',
      },
      {
        name: 'orderId',
        type: 'string',
        doc: 'The order the payment is for.',
      },
      {
        name: 'amount',
        type: 'long',
        doc: 'The amount authorized, in minor units of the currency.',
      },
      {
        name: 'currency',
        type: 'string',
        doc: "ISO 4217 code of the amount's currency (the account's currency).",
      },
      {
        name: 'availableAfter',
        type: 'long',
        doc: 'Credit still available after this authorization (credit limit minus used), in minor units.',
      },
    ],
  },
  PaymentDeclined: {
    type: 'record',
    name: 'PaymentDeclined',
    namespace: 'dev.orderflow.payments',
    doc: "An order's payment was refused; nothing was authorized and the account is unchanged.",
    fields: [
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer the payment was asked of (the aggregate id).',
      },
      {
        name: 'orderId',
        type: 'string',
        doc: 'The order the payment was for.',
      },
      {
        name: 'amount',
        type: 'long',
        doc: 'The amount asked for, in minor units of the requested currency.',
      },
      {
        name: 'currency',
        type: 'string',
        doc: 'ISO 4217 code of the requested currency.',
      },
      {
        name: 'available',
        type: 'long',
        doc: "Credit available when the payment was refused, in minor units of the account's currency; 0 when there is no account.",
      },
      {
        name: 'reason',
        type: {
          type: 'enum',
          name: 'PaymentDeclineReason',
          doc: 'Why a payment was refused. UNKNOWN is what a reader sees for a reason added after its schema version.',
          symbols: ['ACCOUNT_NOT_FOUND', 'CURRENCY_MISMATCH', 'INSUFFICIENT_CREDIT', 'UNKNOWN'],
          default: 'UNKNOWN',
        },
        doc: "Why the payment was refused: no account, a currency other than the account's, or more than the available credit.",
      },
    ],
  },
  PaymentRefunded: {
    type: 'record',
    name: 'PaymentRefunded',
    namespace: 'dev.orderflow.payments',
    doc: "An order's authorized payment was given back (a compensation), freeing the credit it used.",
    fields: [
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer owning the account (the aggregate id).',
      },
      {
        name: 'orderId',
        type: 'string',
        doc: 'The order whose payment was refunded.',
      },
      {
        name: 'amount',
        type: 'long',
        doc: "The amount refunded (the whole authorized amount), in minor units of the account's currency.",
      },
      {
        name: 'availableAfter',
        type: 'long',
        doc: "Credit available after the refund, in minor units of the account's currency.",
      },
    ],
  },
} as const;
