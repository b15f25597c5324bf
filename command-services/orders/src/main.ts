import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { eventSchemasByContext } from '@orderflow/contracts';
import { ordersContext } from './domain/index.ts';
import { ordersRoutes } from './http/routes.ts';
import { ordersPolicies } from './policies/index.ts';

const service = await startCommandService({
  context: ordersContext,
  routes: ordersRoutes,
  port: Number(process.env.ORDERS_HTTP_PORT ?? 8081),
  policies: ordersPolicies.map((policy) => ({
    policy,
    sourceSchemas: eventSchemasByContext[policy.sourceContext],
  })),
});
closeOnSignals(service);
