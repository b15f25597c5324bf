import { namespaced } from '@orderflow/config';
/**
 * The projections the query API reads, where each keeps its progress, and which event topics it
 * folds. A consistency token names a topic: a read waits only for projections that consume it.
 */
export const eventTopics = {
  orders: namespaced('orders.events'),
  inventory: namespaced('inventory.events'),
  payments: namespaced('payments.events'),
} as const;

export type ProgressStore = 'mongodb' | 'postgresql';

interface ProjectionDefinition {
  readonly store: ProgressStore;
  readonly topics: readonly string[];
}

export const projections = {
  'order-details': { store: 'mongodb', topics: [eventTopics.orders] },
  'order-summaries': { store: 'mongodb', topics: [eventTopics.orders] },
  'stock-levels': { store: 'mongodb', topics: [eventTopics.inventory] },
  accounts: { store: 'postgresql', topics: [eventTopics.payments] },
  'account-ledger': { store: 'postgresql', topics: [eventTopics.payments] },
  'sales-lines': { store: 'postgresql', topics: [eventTopics.orders] },
  'event-history': {
    store: 'postgresql',
    topics: [eventTopics.orders, eventTopics.inventory, eventTopics.payments],
  },
} as const satisfies Record<string, ProjectionDefinition>;

export type ProjectionName = keyof typeof projections;

export const projectionDefinition = (name: ProjectionName): ProjectionDefinition =>
  projections[name];

/** Of a route's projections, those built from `topic`; none means the token does not apply. */
export const projectionsToAwait = (
  routeProjections: readonly ProjectionName[],
  topic: string,
): ProjectionName[] =>
  routeProjections.filter((name) => projectionDefinition(name).topics.includes(topic));

export const topicsOf = (routeProjections: readonly ProjectionName[]): string[] => [
  ...new Set(routeProjections.flatMap((name) => projectionDefinition(name).topics)),
];
