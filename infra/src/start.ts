import { ConfigurationError, loadEndpoints } from '@orderflow/config';
import { printEndpoints } from './endpoints-table.ts';
import { InfraError } from './infra-error.ts';
import { up } from './stack.ts';

// `npm start`: the infrastructure first, then every Orderflow service (they join as they are built).
try {
  const endpoints = loadEndpoints();
  await up(endpoints);
  printEndpoints(endpoints);
} catch (error) {
  if (error instanceof InfraError)
    console.error(`start: ${error.message}\n  what to do: ${error.hint}`);
  else if (error instanceof ConfigurationError) console.error(`start: ${error.message}`);
  else console.error('start: unexpected failure', error);
  process.exit(1);
}
