import type { Command } from '@orderflow/kernel';
import { z } from 'zod';

// The SKU is the aggregate id: it travels in the command's metadata, never in its data.

const quantity = z.number().int().positive();

const registerProductData = z
  .object({
    name: z.string().trim().min(1).max(200),
    initialStock: z.number().int().nonnegative().optional(),
  })
  .strict();

const restockProductData = z.object({ quantity }).strict();

const reserveStockData = z.object({ orderId: z.string().min(1), quantity }).strict();

const releaseStockData = z
  .object({
    orderId: z.string().min(1),
    // Absent: release everything the order holds, so a compensation need not know the amount.
    quantity: quantity.optional(),
  })
  .strict();

export type RegisterProduct = Command<'RegisterProduct', z.infer<typeof registerProductData>>;
export type RestockProduct = Command<'RestockProduct', z.infer<typeof restockProductData>>;
export type ReserveStock = Command<'ReserveStock', z.infer<typeof reserveStockData>>;
export type ReleaseStock = Command<'ReleaseStock', z.infer<typeof releaseStockData>>;

export type InventoryCommand = RegisterProduct | RestockProduct | ReserveStock | ReleaseStock;

/** Validates a command's `{ type, data }` as read from the inventory commands topic. */
export const inventoryCommandBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RegisterProduct'), data: registerProductData }).strict(),
  z.object({ type: z.literal('RestockProduct'), data: restockProductData }).strict(),
  z.object({ type: z.literal('ReserveStock'), data: reserveStockData }).strict(),
  z.object({ type: z.literal('ReleaseStock'), data: releaseStockData }).strict(),
]);
