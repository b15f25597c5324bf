import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraError } from './infra-error.ts';
import { repoRoot } from './layout.ts';

/** Every Orderflow process `npm start` runs, with the variable that moves its port. */
export interface ServiceDefinition {
  readonly name: string;
  readonly entry: string;
  readonly portVariable: string;
  readonly defaultPort: number;
}

export const services: readonly ServiceDefinition[] = [
  {
    name: 'query API',
    entry: 'query-api/src/main.ts',
    portVariable: 'QUERY_HTTP_PORT',
    defaultPort: 8080,
  },
  {
    name: 'orders commands',
    entry: 'command-services/orders/src/main.ts',
    portVariable: 'ORDERS_HTTP_PORT',
    defaultPort: 8081,
  },
  {
    name: 'inventory commands',
    entry: 'command-services/inventory/src/main.ts',
    portVariable: 'INVENTORY_HTTP_PORT',
    defaultPort: 8082,
  },
  {
    name: 'payments commands',
    entry: 'command-services/payments/src/main.ts',
    portVariable: 'PAYMENTS_HTTP_PORT',
    defaultPort: 8083,
  },
  {
    name: 'projector',
    entry: 'projectors/runner/src/main.ts',
    portVariable: 'PROJECTOR_HTTP_PORT',
    defaultPort: 8090,
  },
];

export interface RunningService {
  readonly definition: ServiceDefinition;
  readonly url: string;
  readonly child: ChildProcess;
}

export const serviceUrl = (service: ServiceDefinition, env: NodeJS.ProcessEnv = process.env) =>
  `http://127.0.0.1:${env[service.portVariable] ?? String(service.defaultPort)}`;

export interface StartOptions {
  readonly timeoutMs?: number;
  /** The child's environment (default: this process's), e.g. its own port and namespaces. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts a service as a child process and resolves once its /readyz answers 200. */
export const startService = async (
  service: ServiceDefinition,
  { timeoutMs = 90_000, env = process.env }: StartOptions = {},
): Promise<RunningService> => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, service.entry)], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    // `npm start` is for a developer's machine: authentication off (loudly logged by each
    // service) unless the developer configured a mode.
    env: { ...env, ORDERFLOW_AUTH_MODE: env.ORDERFLOW_AUTH_MODE ?? 'insecure' },
  });
  const url = serviceUrl(service, env);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new InfraError(
        `${service.name} exited with ${String(child.exitCode)} while starting`,
        `read its log above; is port ${url} free?`,
      );
    }
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { definition: service, url, child };
    await sleep(300);
  }
  child.kill('SIGTERM');
  throw new InfraError(
    `${service.name} did not become ready within ${timeoutMs / 1000}s`,
    'read its log above',
  );
};

/** Asks a service to stop (SIGTERM: it drains) and resolves once it has exited. */
export const stopService = (service: RunningService): Promise<void> =>
  new Promise<void>((resolve) => {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      resolve();
      return;
    }
    service.child.once('exit', () => {
      resolve();
    });
    service.child.kill('SIGTERM');
  });

/**
 * Starts services side by side. If one fails, the others are stopped before the error is
 * thrown, including those that became ready meanwhile: a failed `npm start` must not leave a
 * process running that nothing will ever stop (it would hold its port and its consumer groups).
 */
export const startAll = async (
  definitions: readonly ServiceDefinition[],
  start: (service: ServiceDefinition) => Promise<RunningService> = startService,
): Promise<RunningService[]> => {
  const outcomes = await Promise.allSettled(definitions.map((service) => start(service)));
  const started = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (!failure) return started;
  await Promise.all(started.map(stopService));
  throw failure.reason;
};
