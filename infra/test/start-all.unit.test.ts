import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InfraError } from '../src/infra-error.ts';
import { startAll, type RunningService, type ServiceDefinition } from '../src/services.ts';

const definition = (name: string): ServiceDefinition => ({
  name,
  entry: `${name}/main.ts`,
  portVariable: `${name.toUpperCase()}_PORT`,
  defaultPort: 0,
});

/** A real child process that runs until it is told to stop. */
const idleChild = (service: ServiceDefinition): RunningService => ({
  definition: service,
  url: 'http://127.0.0.1:0',
  child: spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
});

describe('startAll', () => {
  it('starts every service side by side', async () => {
    const started = await startAll([definition('a'), definition('b')], (service) =>
      Promise.resolve(idleChild(service)),
    );
    expect(started.map((service) => service.definition.name)).toEqual(['a', 'b']);
    for (const service of started) service.child.kill('SIGKILL');
  });

  it('stops the services that did start when another fails, then throws its error', async () => {
    const ready: RunningService[] = [];
    const failure = new InfraError('query API did not become ready within 90s', 'read its log');
    const starting = startAll([definition('projector'), definition('query')], async (service) => {
      if (service.name === 'query') {
        // Fails after the projector is up: it must not be left running.
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw failure;
      }
      const running = idleChild(service);
      ready.push(running);
      return running;
    });
    await expect(starting).rejects.toBe(failure);
    expect(ready).toHaveLength(1);
    const [projector] = ready;
    expect(projector?.child.signalCode ?? projector?.child.exitCode).toBe('SIGTERM');
  });
});
