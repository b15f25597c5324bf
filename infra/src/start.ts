import { ConfigurationError, loadEndpoints } from '@orderflow/config';
import { printEndpoints } from './endpoints-table.ts';
import { InfraError } from './infra-error.ts';
import { services, startAll, stopService, type RunningService } from './services.ts';
import { up } from './stack.ts';

// `npm start`: the infrastructure (in the background), then every Orderflow service in the
// foreground; Ctrl-C stops the services gracefully, `npm run infra -- down` the infrastructure.
const running: RunningService[] = [];

const stopServices = () => Promise.all(running.map(stopService));

try {
  const endpoints = loadEndpoints();
  await up(endpoints);
  // Command services create their context's topics; the read side subscribes to them.
  const writeSide = services.filter((service) => service.entry.startsWith('command-services/'));
  const readSide = services.filter((service) => !writeSide.includes(service));
  running.push(...(await startAll(writeSide)));
  running.push(...(await startAll(readSide)));
  printEndpoints(
    endpoints,
    running.map((service) => ({ name: service.definition.name, url: service.url })),
  );
  console.log('Services run in the foreground: Ctrl-C stops them.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stopServices().then(() => process.exit(0));
    });
  }
  for (const service of running) {
    service.child.once('exit', (code) => {
      console.error(
        `start: ${service.definition.name} exited with ${String(code)}; stopping the others`,
      );
      void stopServices().then(() => process.exit(1));
    });
  }
} catch (error) {
  await stopServices();
  if (error instanceof InfraError)
    console.error(`start: ${error.message}\n  what to do: ${error.hint}`);
  else if (error instanceof ConfigurationError) console.error(`start: ${error.message}`);
  else console.error('start: unexpected failure', error);
  process.exit(1);
}
