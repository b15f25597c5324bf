import { z } from 'zod';
import { quoteIdentifier } from '@orderflow/read-targets';
import { ProblemError } from '../problem.ts';
import { readRoute, type ReadStores } from '../read-route.ts';

interface AccountRow {
  version: number;
  view: Record<string, unknown>;
  updated_at: Date;
}

interface LedgerRow {
  version: number;
  entry: string;
  order_id: string | null;
  amount: string;
  available_after: string | null;
  occurred_at: Date;
}

const accountQuery = z.object({
  /** The newest entries are returned; the whole history is on /v1/streams/payments/{id}/events. */
  ledgerLimit: z.coerce.number().int().min(1).max(1000).default(100),
});

// bigint columns arrive as strings; money is in minor units, far below 2^53.
const minorUnits = (value: string) => Number(value);

const latestLedger = async (stores: ReadStores, customerId: string, limit: number) => {
  const result = await stores.pg.query<LedgerRow>(
    `select version, entry, order_id, amount::text as amount,
            available_after::text as available_after, occurred_at
       from ${quoteIdentifier(stores.targets.schema('account-ledger'))}.account_ledger
      where customer_id = $1
      order by version desc
      limit $2`,
    [customerId, limit + 1],
  );
  const entries = result.rows.slice(0, limit).reverse();
  return {
    truncated: result.rows.length > limit,
    entries: entries.map((row) => ({
      version: row.version,
      entry: row.entry,
      orderId: row.order_id,
      amount: minorUnits(row.amount),
      availableAfter: row.available_after === null ? null : minorUnits(row.available_after),
      occurredAt: row.occurred_at.toISOString(),
    })),
  };
};

export const paymentAccountRoute = readRoute({
  operationId: 'getPaymentAccount',
  summary: "A customer's credit account (limit, used, available) and its latest ledger entries",
  path: '/v1/payments/accounts/:customerId',
  params: z.object({ customerId: z.string().min(1).max(512) }),
  query: accountQuery,
  projections: ['accounts', 'account-ledger'],
  notFoundCode: 'ACCOUNT_NOT_FOUND',
  read: async ({ params, query, stores }) => {
    const account = await stores.pg.query<AccountRow>(
      `select version, view, updated_at from ${quoteIdentifier(stores.targets.schema('accounts'))}.accounts where id = $1`,
      [params.customerId],
    );
    const row = account.rows[0];
    if (!row) {
      throw new ProblemError('ACCOUNT_NOT_FOUND', `no account for customer ${params.customerId}`);
    }
    const ledger = await latestLedger(stores, params.customerId, query.ledgerLimit);
    return {
      body: {
        ...row.view,
        version: row.version,
        updatedAt: row.updated_at.toISOString(),
        ledger: ledger.entries,
        ledgerTruncated: ledger.truncated,
      },
    };
  },
});
