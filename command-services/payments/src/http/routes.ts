import { z } from 'zod';
import { commandRoute } from '@orderflow/command-http';

const customerId = z.string().trim().min(1).max(200);
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

/** DESIGN.md "HTTP surface": the payments routes, each turned into an Account command. */
export const paymentsRoutes = [
  commandRoute({
    operationId: 'openAccount',
    summary: "Open a customer's account with a credit limit (integer minor units)",
    path: '/v1/payments/accounts',
    params: z.object({}),
    body: z.strictObject({ customerId, creditLimit: z.int().nonnegative(), currency }),
    creates: true,
    toCommand: ({ body }) => ({
      type: 'OpenAccount',
      aggregateId: body.customerId,
      data: { creditLimit: body.creditLimit, currency: body.currency },
    }),
  }),
  commandRoute({
    operationId: 'grantCredit',
    summary: "Raise a customer's credit limit",
    path: '/v1/payments/accounts/:customerId/credit',
    params: z.object({ customerId }),
    body: z.strictObject({ amount: z.int().positive() }),
    creates: false,
    toCommand: ({ body, params }) => ({
      type: 'GrantCredit',
      aggregateId: params.customerId,
      data: { amount: body.amount },
    }),
  }),
];
