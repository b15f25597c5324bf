import { packageVersion, portSetting } from '@orderflow/config';
import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { eventSchemasByContext } from '@orderflow/contracts';
import { paymentsContext } from './domain/index.ts';
import { paymentsRoutes } from './http/routes.ts';
import { paymentsPolicies } from './policies/index.ts';

const service = await startCommandService({
  version: packageVersion(import.meta.url),
  exitOnComponentFailure: true,
  context: paymentsContext,
  routes: paymentsRoutes,
  port: portSetting('PAYMENTS_HTTP_PORT', 8083),
  policies: paymentsPolicies.map((policy) => ({
    policy,
    sourceSchemas: eventSchemasByContext[policy.sourceContext],
  })),
});
closeOnSignals(service);
