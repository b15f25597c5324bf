import { setTimeout as sleep } from 'node:timers/promises';
import { loadEndpoints } from '@orderflow/config';
import { createComponents } from '@orderflow/infra';

// The databases are shared with everything else on the machine: whatever happens, a test that
// stops one brings it back, running and answering.
const components = createComponents(loadEndpoints());
const component = (name: string) => {
  const found = components.find((c) => c.name === name);
  if (!found) throw new Error(`no component ${name}`);
  return found;
};
const answers = (server: ReturnType<typeof component>) =>
  server.probe().then(
    () => true,
    () => false,
  );
/** Starts a stopped server and waits until it answers: the databases are shared, never left down. */
export const bringBack = async (name: 'postgres' | 'ferretdb') => {
  const server = component(name);
  // Another test run's global setup (`infra up`) may have started it during the outage: a
  // second one would fail to bind and leave the pid file naming a dead process.
  if (!server.isRunning() && !(await answers(server))) {
    await server.install();
    await server.start();
  }
  for (let i = 0; i < 150; i++) {
    if (await answers(server)) return;
    await sleep(200);
  }
  throw new Error(`${name} did not come back`);
};
export const restart = async (name: 'postgres' | 'ferretdb', downMs: number) => {
  try {
    await component(name).stop();
    await sleep(downMs);
  } finally {
    await bringBack(name);
  }
};
