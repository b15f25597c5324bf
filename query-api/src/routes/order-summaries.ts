import type { Filter } from 'mongodb';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { orderStatuses, type KeyedDocument } from '../keyed-document.ts';
import { readRoute } from '../read-route.ts';

interface OrderSummaryView {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly placedAt: string;
  readonly [field: string]: unknown;
}

type SummaryDocument = KeyedDocument<OrderSummaryView>;

const cursorParam = z
  .string()
  .transform((text, context) => {
    const cursor = decodeCursor(text);
    if (cursor) return cursor;
    context.addIssue({ code: 'custom', message: 'not a cursor this API returned (nextCursor)' });
    return z.NEVER;
  })
  .optional();

const summariesQuery = z.object({
  customerId: z.string().min(1).max(512),
  status: z.enum(orderStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorParam,
});

export const orderSummariesRoute = readRoute({
  operationId: 'listOrders',
  summary: "A customer's orders, newest first, in pages (keyset cursor)",
  path: '/v1/orders',
  params: z.object({}),
  query: summariesQuery,
  projections: ['order-summaries'],
  read: async ({ query, stores }) => {
    const filter: Filter<SummaryDocument> = { 'view.customerId': query.customerId };
    if (query.status) filter['view.status'] = query.status;
    if (query.cursor) {
      // Strictly after the cursor in (placedAt desc, _id desc): ties on placedAt break by id.
      const { placedAt, orderId } = query.cursor;
      filter.$or = [
        { 'view.placedAt': { $lt: placedAt } },
        { 'view.placedAt': placedAt, _id: { $lt: orderId } },
      ];
    }
    const page = await stores.mongo
      .collection<SummaryDocument>(stores.targets.collection('order-summaries', 'order_summaries'))
      .find(filter)
      .sort({ 'view.placedAt': -1, _id: -1 })
      .limit(query.limit + 1)
      .toArray();
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      page.length > query.limit && last
        ? encodeCursor({ placedAt: last.view.placedAt, orderId: last._id })
        : null;
    return {
      body: { items: items.map((doc) => ({ ...doc.view, version: doc.version })), nextCursor },
    };
  },
});
