import { packageVersion, portSetting } from '@orderflow/config';
import { closeOnSignals, startCommandService } from '@orderflow/command-http';
import { eventSchemasByContext } from '@orderflow/contracts';
import { inventoryContext } from './domain/index.ts';
import { inventoryRoutes } from './http/routes.ts';
import { inventoryPolicies } from './policies/index.ts';

const service = await startCommandService({
  version: packageVersion(import.meta.url),
  exitOnComponentFailure: true,
  context: inventoryContext,
  routes: inventoryRoutes,
  port: portSetting('INVENTORY_HTTP_PORT', 8082),
  policies: inventoryPolicies.map((policy) => ({
    policy,
    sourceSchemas: eventSchemasByContext[policy.sourceContext],
  })),
});
closeOnSignals(service);
