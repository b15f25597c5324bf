import type { Command } from '@orderflow/kernel';
import { z } from 'zod';

export interface OpenAccountData {
  creditLimit: number;
  currency: string;
}
export interface GrantCreditData {
  amount: number;
}
export interface AuthorizePaymentData {
  orderId: string;
  amount: number;
  currency: string;
}
export interface RefundPaymentData {
  orderId: string;
}

export type OpenAccount = Command<'OpenAccount', OpenAccountData>;
export type GrantCredit = Command<'GrantCredit', GrantCreditData>;
/** Issued by the order saga once every line of the order is reserved. */
export type AuthorizePayment = Command<'AuthorizePayment', AuthorizePaymentData>;
/** Issued by the order saga to compensate a rejected or cancelled order. */
export type RefundPayment = Command<'RefundPayment', RefundPaymentData>;

export type PaymentsCommand = OpenAccount | GrantCredit | AuthorizePayment | RefundPayment;

// Money is integer minor units; z.int() also keeps it within the safe-integer range that an Avro
// long decoded into a JS number can carry exactly.
const minorUnits = z.int().nonnegative();
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code: three uppercase letters');
const orderId = z.string().min(1);

/** Validates a command's `{ type, data }` as read from the commands topic. */
export const paymentsCommandBody = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('OpenAccount'),
      data: z.object({ creditLimit: minorUnits, currency }).strict(),
    })
    .strict(),
  z
    .object({
      type: z.literal('GrantCredit'),
      data: z.object({ amount: minorUnits.positive() }).strict(),
    })
    .strict(),
  z
    .object({
      type: z.literal('AuthorizePayment'),
      data: z.object({ orderId, amount: minorUnits, currency }).strict(),
    })
    .strict(),
  z
    .object({
      type: z.literal('RefundPayment'),
      data: z.object({ orderId }).strict(),
    })
    .strict(),
]);
