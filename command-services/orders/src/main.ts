import { packageVersion, portSetting } from '@orderflow/config';
import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { eventSchemasByContext } from '@orderflow/contracts';
import { ordersContext } from './domain/index.ts';
import { orderTimeoutMs, ordersRoutes } from './http/routes.ts';
import { ordersPolicies } from './policies/index.ts';
import { orderDeadline } from './deadlines/order-deadline.ts';

// An invalid ORDER_TIMEOUT_MS stops the service here rather than failing every PlaceOrder later.
orderTimeoutMs();
const service = await startCommandService({
  version: packageVersion(import.meta.url),
  exitOnComponentFailure: true,
  context: ordersContext,
  routes: ordersRoutes,
  port: portSetting('ORDERS_HTTP_PORT', 8081),
  policies: ordersPolicies.map((policy) => ({
    policy,
    sourceSchemas: eventSchemasByContext[policy.sourceContext],
  })),
  // Orders that get no final answer by their deadline (ORDER_TIMEOUT_MS after placement).
  deadlines: { schedule: orderDeadline },
});
closeOnSignals(service);
