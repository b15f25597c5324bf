import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { ordersContext } from './domain/index.ts';
import { ordersRoutes } from './http/routes.ts';

const service = await startCommandService({
  context: ordersContext,
  routes: ordersRoutes,
  port: Number(process.env.ORDERS_HTTP_PORT ?? 8081),
});
closeOnSignals(service);
