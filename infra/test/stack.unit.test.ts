import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import type { Component, ComponentName } from '../src/components/component.ts';
import { InfraError } from '../src/infra-error.ts';
import { up } from '../src/stack.ts';

// The orchestration of `up`, with in-process stand-ins for the servers (the real servers are
// exercised by the integration tier).
interface Recorded {
  events: string[];
}

const fakeComponent = (
  name: ComponentName,
  recorded: Recorded,
  overrides: Partial<Component> = {},
): Component => {
  let running = false;
  return {
    name,
    title: name,
    variable:
      name === 'kafka'
        ? 'KAFKA_BROKERS'
        : name === 'postgres'
          ? 'DATABASE_URL'
          : name === 'ferretdb'
            ? 'MONGODB_URL'
            : 'SCHEMA_REGISTRY_URL',
    dependsOn: [],
    host: '127.0.0.1',
    port: 1, // nothing listens on port 1 here
    startupTimeoutSeconds: 2,
    dataDirectories: [],
    probe: async () => {
      await Promise.resolve();
      if (!running) throw new Error('not running');
    },
    install: async () => {
      recorded.events.push(`install ${name}`);
      await Promise.resolve();
    },
    start: async () => {
      recorded.events.push(`start ${name}`);
      running = true;
      await Promise.resolve();
    },
    stop: async () => {
      running = false;
      await Promise.resolve();
    },
    isRunning: () => running,
    ...overrides,
  };
};

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('infra up', () => {
  it('starts a server only after the ones it depends on', async () => {
    const recorded: Recorded = { events: [] };
    const components = [
      fakeComponent('schema-registry', recorded, { dependsOn: ['postgres'] }),
      fakeComponent('postgres', recorded),
    ];
    await up(loadEndpoints({}), components);
    expect(recorded.events.indexOf('start postgres')).toBeLessThan(
      recorded.events.indexOf('start schema-registry'),
    );
  });

  it('is idempotent: a second up starts nothing', async () => {
    const recorded: Recorded = { events: [] };
    const components = [fakeComponent('postgres', recorded)];
    await up(loadEndpoints({}), components);
    await up(loadEndpoints({}), components);
    expect(recorded.events).toEqual(['install postgres', 'start postgres']);
  });

  it('installs nothing for a server the user points at, and only waits for it to answer', async () => {
    const recorded: Recorded = { events: [] };
    const external = fakeComponent('kafka', recorded, { probe: () => Promise.resolve() });
    await up(loadEndpoints({ KAFKA_BROKERS: 'kafka.internal:9092' }), [external]);
    expect(recorded.events).toEqual([]);
  });

  it('refuses a port taken by another process, naming the port and what to do', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const recorded: Recorded = { events: [] };
    const attempt = up(loadEndpoints({}), [fakeComponent('postgres', recorded, { port })]);
    await expect(attempt).rejects.toBeInstanceOf(InfraError);
    await expect(attempt).rejects.toThrow(`127.0.0.1:${port}`);
    const error = (await attempt.catch((e: unknown) => e)) as InfraError;
    expect(error.hint).toContain('DATABASE_URL');
    expect(recorded.events).toEqual([]);
  });

  it('fails fast with the reason when a started server dies before answering', async () => {
    const recorded: Recorded = { events: [] };
    const crashing = fakeComponent('ferretdb', recorded, {
      isRunning: () => false,
      probe: () => Promise.reject(new Error('connection refused')),
    });
    await expect(up(loadEndpoints({}), [crashing])).rejects.toThrow(
      /did not become ready: its process exited/,
    );
  });
});
