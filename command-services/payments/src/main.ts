import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { paymentsContext } from './domain/index.ts';
import { paymentsRoutes } from './http/routes.ts';

const service = await startCommandService({
  context: paymentsContext,
  routes: paymentsRoutes,
  port: Number(process.env.PAYMENTS_HTTP_PORT ?? 8083),
});
closeOnSignals(service);
