import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Pool } from 'pg';

/**
 * One test run's read-model data, written in the storage contract's shapes. Every id carries
 * the run's random suffix, so runs and real projectors never see each other's rows.
 */
export const newScenario = () => {
  const run = randomUUID().slice(0, 8);
  const orderId = `order-${run}`;
  // A random far-future day: a report over it sees only this run's sales lines.
  const firstDay = new Date(Date.UTC(2200 + randomInt(700), 0, 1 + randomInt(360)));
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return {
    run,
    orderId,
    customerId: `customer-${run}`,
    sku: `sku-${run}`,
    // Five orders of one customer, newest first; two share a placedAt, so the id breaks the tie.
    summaries: (
      [
        ['a', '2025-06-05T00:00:00.000Z', 'Confirmed'],
        ['c', '2025-06-04T00:00:00.000Z', 'Placed'],
        ['b', '2025-06-04T00:00:00.000Z', 'Confirmed'],
        ['d', '2025-06-03T00:00:00.000Z', 'Rejected'],
        ['e', '2025-06-02T00:00:00.000Z', 'Confirmed'],
      ] as const
    ).map(([suffix, placedAt, status]) => ({ id: `${orderId}-${suffix}`, placedAt, status })),
    firstDay: day(firstDay),
    secondDay: day(new Date(firstDay.getTime() + 86_400_000)),
  };
};

export type Scenario = ReturnType<typeof newScenario>;

export const keyed = <V>(id: string, version: number, view: V) => ({
  _id: id,
  version,
  view,
  updatedAt: '2025-06-01T12:00:00.000Z',
});

export const orderDetails = (scenario: Scenario, id: string, status: string) => ({
  orderId: id,
  customerId: scenario.customerId,
  currency: 'EUR',
  status,
  lines: [{ sku: scenario.sku, quantity: 2, unitPrice: 150, reserved: true }],
  total: 300,
  placedAt: '2025-06-01T10:00:00.000Z',
  deadline: '2025-06-01T10:15:00.000Z',
  timeline: [{ step: 'OrderPlaced', at: '2025-06-01T10:00:00.000Z' }],
});

/** The documents to insert, per collection. */
export const mongoDocuments = (s: Scenario) => ({
  order_details: [keyed(s.orderId, 3, orderDetails(s, s.orderId, 'Confirmed'))],
  order_summaries: s.summaries.map((summary, index) =>
    keyed(summary.id, index + 1, {
      orderId: summary.id,
      customerId: s.customerId,
      status: summary.status,
      total: 100,
      currency: 'EUR',
      placedAt: summary.placedAt,
      updatedAt: summary.placedAt,
    }),
  ),
  stock_levels: [
    keyed(s.sku, 4, { sku: s.sku, name: 'Teapot', total: 10, reserved: 3, available: 7 }),
  ],
});

const insertRows = async (pool: Pool, table: string, rows: readonly (readonly unknown[])[]) => {
  for (const row of rows) {
    const placeholders = row.map((_, index) => `$${String(index + 1)}`).join(', ');
    await pool.query(`insert into read_models.${table} values (${placeholders})`, [...row]);
  }
};

export const seedPostgres = async (pool: Pool, s: Scenario) => {
  const view = { customerId: s.customerId, currency: 'EUR', creditLimit: 1000, used: 300 };
  const authorizations = { [s.orderId]: 300 };
  await insertRows(pool, 'accounts', [
    [s.customerId, 3, JSON.stringify({ ...view, available: 700, authorizations }), new Date()],
  ]);
  await insertRows(pool, 'account_ledger', [
    [s.customerId, 1, 'AccountOpened', null, 1000, 1000, '2025-06-01T10:01:00.000Z'],
    [s.customerId, 2, 'PaymentAuthorized', s.orderId, 300, 700, '2025-06-01T10:02:00.000Z'],
    [s.customerId, 3, 'PaymentDeclined', `${s.orderId}-x`, 5000, null, '2025-06-01T10:03:00.000Z'],
  ]);
  const sale = (order: string, kind: string, day: string, currency: string, amount: number) =>
    [`${s.orderId}-${order}`, kind, day, currency, amount, `${day}T12:00:00.000Z`] as const;
  await insertRows(pool, 'sales_lines', [
    sale('a', 'confirmed', s.firstDay, 'XTS', 1000),
    sale('b', 'confirmed', s.firstDay, 'XTS', 500),
    sale('b', 'cancelled', s.secondDay, 'XTS', -500),
    sale('c', 'confirmed', s.secondDay, 'XTS', 250),
    sale('d', 'confirmed', s.firstDay, 'XXX', 70),
  ]);
  await insertRows(
    pool,
    'event_history',
    [1, 2, 3, 4, 5].map((version) => [
      'orders',
      s.orderId,
      version,
      randomUUID(),
      `Step${String(version)}`,
      JSON.stringify({ orderId: s.orderId, step: version }),
      `2025-06-01T10:00:0${String(version)}.000Z`,
      `corr-${s.run}`,
      null,
      `cmd-${s.run}-${String(version)}`,
      'orders.events',
      1,
      40 + version,
    ]),
  );
};

export const removePostgresRows = async (pool: Pool, s: Scenario, partitions: number[]) => {
  await pool.query('delete from read_models.accounts where id = $1', [s.customerId]);
  await pool.query('delete from read_models.account_ledger where customer_id = $1', [s.customerId]);
  await pool.query('delete from read_models.sales_lines where order_id like $1', [
    `${s.orderId}-%`,
  ]);
  await pool.query('delete from read_models.event_history where aggregate_id = $1', [s.orderId]);
  await pool.query('delete from read_models.projection_progress where partition = any($1::int[])', [
    partitions,
  ]);
};

export const removeMongoDocuments = async (db: Db, ids: Readonly<Record<string, string[]>>) => {
  for (const [collection, idsOf] of Object.entries(ids)) {
    await db.collection<{ _id: string }>(collection).deleteMany({ _id: { $in: idsOf } });
  }
};
