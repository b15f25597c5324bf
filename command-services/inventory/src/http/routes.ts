import { z } from 'zod';
import { commandRoute } from '@orderflow/command-http';

const sku = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only');
const skuParams = z.object({ sku });

/** DESIGN.md "HTTP surface": the inventory routes, each turned into a Stock command. */
export const inventoryRoutes = [
  commandRoute({
    operationId: 'registerProduct',
    summary: 'Register a product (a Stock aggregate keyed by SKU), optionally with initial stock',
    path: '/v1/inventory/products',
    params: z.object({}),
    body: z.strictObject({
      sku,
      name: z.string().trim().min(1).max(200),
      initialStock: z.int().nonnegative().optional(),
    }),
    creates: true,
    toCommand: ({ body }) => ({
      type: 'RegisterProduct',
      aggregateId: body.sku,
      data: {
        name: body.name,
        ...(body.initialStock === undefined ? {} : { initialStock: body.initialStock }),
      },
    }),
  }),
  commandRoute({
    operationId: 'restockProduct',
    summary: 'Add stock to a registered product',
    path: '/v1/inventory/products/:sku/restock',
    params: skuParams,
    body: z.strictObject({ quantity: z.int().positive() }),
    creates: false,
    toCommand: ({ body, params }) => ({
      type: 'RestockProduct',
      aggregateId: params.sku,
      data: { quantity: body.quantity },
    }),
  }),
];
