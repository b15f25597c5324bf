import { z } from 'zod';
import { dateRangeProblem, isCalendarDate } from '../date-range.ts';
import { quoteIdentifier } from '@orderflow/read-targets';
import { readRoute } from '../read-route.ts';

const calendarDate = z
  .string()
  .refine(isCalendarDate, { message: 'expected an existing date as YYYY-MM-DD' });

const dailySalesQuery = z
  .object({ from: calendarDate, to: calendarDate })
  .superRefine(({ from, to }, context) => {
    // A date that does not exist is already named on its own field.
    if (!isCalendarDate(from) || !isCalendarDate(to)) return;
    const problem = dateRangeProblem(from, to);
    if (problem) context.addIssue({ code: 'custom', path: ['to'], message: problem });
  });

interface DailySalesRow {
  day: string;
  currency: string;
  revenue: string;
  orders: string;
  cancellations: string;
}

export const dailySalesRoute = readRoute({
  operationId: 'getDailySales',
  summary: 'Sales per UTC day and currency: revenue net of cancellations, orders, cancellations',
  path: '/v1/reports/sales/daily',
  params: z.object({}),
  query: dailySalesQuery,
  projections: ['sales-lines'],
  read: async ({ query, stores }) => {
    // Cancellations are stored as negative amounts, so the sum is the day's net revenue.
    const result = await stores.pg.query<DailySalesRow>(
      `select to_char(day, 'YYYY-MM-DD') as day, currency,
              sum(amount)::text as revenue,
              count(*) filter (where kind = 'confirmed')::text as orders,
              count(*) filter (where kind = 'cancelled')::text as cancellations
         from ${quoteIdentifier(stores.targets.schema('sales-lines'))}.sales_lines
        where day between $1::date and $2::date
        group by sales_lines.day, currency
        order by sales_lines.day, currency`,
      [query.from, query.to],
    );
    return {
      body: {
        from: query.from,
        to: query.to,
        rows: result.rows.map((row) => ({
          day: row.day,
          currency: row.currency,
          revenue: Number(row.revenue),
          orders: Number(row.orders),
          cancellations: Number(row.cancellations),
        })),
      },
    };
  },
});
