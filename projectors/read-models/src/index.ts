import { accountLedger } from './account-ledger.ts';
import { accounts } from './accounts.ts';
import { eventHistory } from './event-history.ts';
import { orderDetails } from './order-details.ts';
import { orderSummaries } from './order-summaries.ts';
import { salesLines } from './sales-lines.ts';
import { stockLevels } from './stock-levels.ts';

export * from './account-ledger.ts';
export * from './accounts.ts';
export * from './event-history.ts';
export * from './order-details.ts';
export * from './order-summaries.ts';
export * from './sales-lines.ts';
export * from './stock-levels.ts';
export type { OrderStatus } from './order-status.ts';
export type { TimelineEntry } from './order-timeline.ts';
export { inventorySource, ordersSource, paymentsSource } from './context-events.ts';

// A tuple rather than ReadModel[]: each keyed model keeps its view type, which a
// KeyedReadModel<unknown> element could not accept (its evolve takes the view as a parameter).
export const allReadModels = [
  orderDetails,
  orderSummaries,
  stockLevels,
  accounts,
  accountLedger,
  salesLines,
  eventHistory,
] as const;

/** The name of every read model, as the projector runs it and the query API reads it. */
export type ReadModelName = (typeof allReadModels)[number]['name'];

/** Where each keyed model stored in MongoDB keeps its documents. */
export const mongoCollections = {
  'order-details': 'order_details',
  'order-summaries': 'order_summaries',
  'stock-levels': 'stock_levels',
} as const satisfies Record<string, string>;

export type ReadModelStore = 'mongodb' | 'postgresql';

/** Where a read model keeps its views and its progress: MongoDB if it has a collection there. */
export const storeOf = (name: ReadModelName): ReadModelStore =>
  Object.hasOwn(mongoCollections, name) ? 'mongodb' : 'postgresql';

/** The table, in the read-model schema, of each keyed model stored in PostgreSQL. */
export const postgresKeyedTables = { accounts: 'accounts' } as const satisfies Record<
  string,
  string
>;

export interface MongoIndex {
  readonly name: string;
  /** Field order matters: equality fields first, then the sort. */
  readonly key: Readonly<Record<string, 1 | -1>>;
}

type MongoCollection = (typeof mongoCollections)[keyof typeof mongoCollections];

/** The query API's access paths; `_id` (the aggregate id) is indexed by MongoDB itself. */
export const mongoIndexes: Readonly<Record<MongoCollection, readonly MongoIndex[]>> = {
  order_details: [],
  order_summaries: [
    // A customer's orders, newest first; _id breaks ties so keyset paging is stable.
    {
      name: 'customer_placed_at',
      key: { 'view.customerId': 1, 'view.placedAt': -1, _id: -1 },
    },
    { name: 'status', key: { 'view.status': 1 } },
  ],
  stock_levels: [],
};
