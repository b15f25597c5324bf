import {
  inventoryEventSchemas,
  ordersEventSchemas,
  paymentsEventSchemas,
} from './generated/index.ts';

/** Every context's event schemas, for code that decodes another context's events (sagas). */
export const eventSchemasByContext = {
  orders: ordersEventSchemas,
  inventory: inventoryEventSchemas,
  payments: paymentsEventSchemas,
} as const;
