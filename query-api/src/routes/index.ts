import type { ReadRoute } from '../read-route.ts';
import { dailySalesRoute } from './daily-sales.ts';
import { eventStreamRoute } from './event-stream.ts';
import { orderDetailsRoute } from './order-details.ts';
import { orderSummariesRoute } from './order-summaries.ts';
import { paymentAccountRoute } from './payment-account.ts';
import { stockLevelRoute } from './stock-level.ts';

export const readRoutes: readonly ReadRoute[] = [
  orderDetailsRoute,
  orderSummariesRoute,
  stockLevelRoute,
  paymentAccountRoute,
  dailySalesRoute,
  eventStreamRoute,
];
