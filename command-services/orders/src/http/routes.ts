import { integerSetting } from '@orderflow/config';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { commandRoute } from '@orderflow/command-http';

const orderId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, . _ : - only');
const line = z.strictObject({
  sku: z.string().trim().min(1).max(100),
  quantity: z.int().positive(),
  unitPrice: z.int().nonnegative(),
});

/** How long the saga may take before the order is rejected with reason TIMEOUT. */
export const orderTimeoutMs = () =>
  integerSetting('ORDER_TIMEOUT_MS', { default: 30_000, min: 1, max: 31 * 24 * 3_600_000 });

// A request without an orderId gets one derived from its command id, so a retry with the same
// Idempotency-Key names the same order.
const orderIdFor = (commandId: string) =>
  `ord-${createHash('sha256').update(commandId).digest('hex').slice(0, 24)}`;

/** DESIGN.md "HTTP surface": the orders routes, each turned into an Order command. */
export const ordersRoutes = [
  commandRoute({
    operationId: 'placeOrder',
    summary:
      'Place an order: starts the fulfilment saga (reserve stock, authorize payment, confirm)',
    path: '/v1/orders',
    params: z.object({}),
    body: z.strictObject({
      orderId: orderId.optional(),
      customerId: z.string().trim().min(1).max(200),
      currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
      lines: z.array(line).min(1).max(100),
    }),
    creates: true,
    toCommand: ({ body, commandId, issuedAt }) => ({
      type: 'PlaceOrder',
      aggregateId: body.orderId ?? orderIdFor(commandId),
      data: {
        customerId: body.customerId,
        currency: body.currency,
        lines: body.lines,
        deadline: new Date(Date.parse(issuedAt) + orderTimeoutMs()).toISOString(),
      },
    }),
  }),
  commandRoute({
    operationId: 'cancelOrder',
    summary: 'Cancel a confirmed order: releases its stock and refunds its payment',
    path: '/v1/orders/:orderId/cancel',
    params: z.object({ orderId }),
    body: z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }),
    creates: false,
    toCommand: ({ body, params }) => ({
      type: 'CancelOrder',
      aggregateId: params.orderId,
      data: body.reason === undefined ? {} : { reason: body.reason },
    }),
  }),
];
