import { rmSync } from 'node:fs';
import type { Endpoints } from '@orderflow/config';
import type { Component, ComponentName } from './components/component.ts';
import { say } from './components/component.ts';
import { createFerretdb } from './components/ferretdb.ts';
import { createKafka } from './components/kafka.ts';
import { createPostgres } from './components/postgres.ts';
import { createSchemaRegistry } from './components/schema-registry.ts';
import { InfraError } from './infra-error.ts';
import { logFile } from './layout.ts';
import { isPortOpen, waitUntilReady, withTimeout } from './readiness.ts';

export const createComponents = (endpoints: Endpoints): Component[] => [
  createPostgres(endpoints),
  createKafka(endpoints),
  createSchemaRegistry(endpoints),
  createFerretdb(endpoints),
];

export type ComponentState = 'external' | 'running' | 'stopped';

export interface ComponentStatus {
  name: ComponentName;
  title: string;
  variable: string;
  address: string;
  state: ComponentState;
  answering: boolean;
}

/**
 * Brings every server up, each after the ones it depends on (the registry and FerretDB store
 * their data in PostgreSQL), independent ones in parallel. Resolves only when every server has
 * answered a real request. A server behind an overridden variable is the user's: we only wait
 * for it to answer.
 */
export const up = async (endpoints: Endpoints, components = createComponents(endpoints)) => {
  const byName = new Map(components.map((component) => [component.name, component]));
  const ready = new Map<ComponentName, Promise<void>>();
  const bringUp = (component: Component): Promise<void> => {
    let promise = ready.get(component.name);
    if (!promise) {
      const dependencies = component.dependsOn
        .map((name) => byName.get(name))
        .filter((c) => c !== undefined);
      promise = Promise.all(dependencies.map(bringUp)).then(() => bringUpOne(component, endpoints));
      ready.set(component.name, promise);
    }
    return promise;
  };
  const results = await Promise.allSettled(components.map(bringUp));
  const failures = results
    .filter((result) => result.status === 'rejected')
    .map((result) => result.reason as unknown);
  if (failures.length > 0) throw failures[0];
};

const bringUpOne = async (component: Component, endpoints: Endpoints) => {
  const external = endpoints.overridden.has(component.variable);
  const wait = (stillStarting?: () => boolean) =>
    waitUntilReady(component.probe, {
      what: `${component.title} at ${component.host}:${component.port}`,
      timeoutMs: component.startupTimeoutSeconds * 1000,
      ...(stillStarting ? { stillStarting } : {}),
      ...(external ? {} : { logPath: logFile(component.name) }),
      hint: external
        ? `check that the server named by ${component.variable} is running and reachable`
        : `read the log above; \`npm run infra -- logs ${component.name}\` shows more`,
    });
  if (external) {
    say(`${component.title}: using ${component.variable} (not installed or started by Orderflow)`);
    return wait();
  }
  if (component.isRunning()) return wait(component.isRunning);
  if (await isPortOpen(component.host, component.port)) {
    throw new InfraError(
      `port ${component.host}:${component.port}, where ${component.title} should run, is taken by another process`,
      `stop that process (\`ss -ltnp 'sport = :${component.port}'\` shows it), or set ${component.variable} to use that server instead`,
    );
  }
  await component.install();
  say(`starting ${component.title} on ${component.host}:${component.port}`);
  await component.start();
  await wait(component.isRunning);
  say(`${component.title} is ready`);
};

/** Stops our servers in reverse dependency order; never touches external ones. */
export const down = async (endpoints: Endpoints, components = createComponents(endpoints)) => {
  const ours = components.filter((component) => !endpoints.overridden.has(component.variable));
  const dependents = ours.filter((component) => component.dependsOn.length > 0);
  const roots = ours.filter((component) => component.dependsOn.length === 0);
  for (const tier of [dependents, roots]) {
    await Promise.all(
      tier
        .filter((c) => c.isRunning())
        .map(async (component) => {
          say(`stopping ${component.title}`);
          await component.stop();
        }),
    );
  }
};

/** Stops our servers and deletes their data (not the downloaded tools). */
export const reset = async (endpoints: Endpoints, components = createComponents(endpoints)) => {
  await down(endpoints, components);
  for (const component of components.filter((c) => !endpoints.overridden.has(c.variable))) {
    for (const directory of component.dataDirectories)
      rmSync(directory, { recursive: true, force: true });
  }
};

export const status = async (
  endpoints: Endpoints,
  components = createComponents(endpoints),
): Promise<ComponentStatus[]> =>
  Promise.all(
    components.map(async (component) => {
      const external = endpoints.overridden.has(component.variable);
      const answering = await withTimeout(component.probe(), 5_000).then(
        () => true,
        () => false,
      );
      return {
        name: component.name,
        title: component.title,
        variable: component.variable,
        address: `${component.host}:${component.port}`,
        state: external ? 'external' : component.isRunning() ? 'running' : 'stopped',
        answering,
      } satisfies ComponentStatus;
    }),
  );
