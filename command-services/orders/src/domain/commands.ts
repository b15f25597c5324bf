import type { Command } from '@orderflow/kernel';
import { z } from 'zod';

export const maxOrderLines = 100;

export interface OrderLineInput {
  sku: string;
  quantity: number;
  unitPrice: number;
}

// Client commands.
export type PlaceOrder = Command<
  'PlaceOrder',
  { customerId: string; currency: string; lines: OrderLineInput[]; deadline: string }
>;
export type CancelOrder = Command<'CancelOrder', { reason?: string }>;

// Saga commands: other contexts' answers, delivered to the order by its policies.
export type RecordStockReserved = Command<'RecordStockReserved', { sku: string; quantity: number }>;
export type RecordStockRejected = Command<'RecordStockRejected', { sku: string; reason: string }>;
export type RecordPaymentAuthorized = Command<'RecordPaymentAuthorized', { amount: number }>;
export type RecordPaymentDeclined = Command<'RecordPaymentDeclined', { reason: string }>;
export type ExpireOrder = Command<'ExpireOrder', Record<string, never>>;

export type OrderCommand =
  | PlaceOrder
  | CancelOrder
  | RecordStockReserved
  | RecordStockRejected
  | RecordPaymentAuthorized
  | RecordPaymentDeclined
  | ExpireOrder;

const id = z.string().min(1).max(200);
const reason = z.string().min(1).max(500);
/** Money in integer minor units; z.int() also keeps it within exact (safe) integers. */
const minorUnits = z.int().nonnegative();
const quantity = z.int().positive();
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code: three uppercase letters');

const orderLine = z.object({ sku: id, quantity, unitPrice: minorUnits }).strict();

/** A command's `{ type, data }` exactly as it travels on the commands topic. */
const body = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), data }).strict();

export const ordersCommandBody = z.discriminatedUnion('type', [
  body(
    'PlaceOrder',
    z
      .object({
        customerId: id,
        currency,
        lines: z.array(orderLine).min(1).max(maxOrderLines),
        deadline: z.iso.datetime({ offset: true }),
      })
      .strict(),
  ),
  body('CancelOrder', z.object({ reason: reason.optional() }).strict()),
  body('RecordStockReserved', z.object({ sku: id, quantity }).strict()),
  body('RecordStockRejected', z.object({ sku: id, reason }).strict()),
  body('RecordPaymentAuthorized', z.object({ amount: minorUnits }).strict()),
  body('RecordPaymentDeclined', z.object({ reason }).strict()),
  body('ExpireOrder', z.object({}).strict()),
]);
