import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { inventoryContext } from './domain/index.ts';
import { inventoryRoutes } from './http/routes.ts';

const service = await startCommandService({
  context: inventoryContext,
  routes: inventoryRoutes,
  port: Number(process.env.INVENTORY_HTTP_PORT ?? 8082),
});
closeOnSignals(service);
