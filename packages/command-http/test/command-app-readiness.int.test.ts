import type { Server } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { closedPort } from '@orderflow/testing';
import { CommandClient } from '@orderflow/kernel';
import { createAuthenticator } from '@orderflow/http-security';
import { kafkaCheck, schemaRegistryCheck } from '@orderflow/observability';
import { createCommandApp } from '../src/index.ts';

const endpoints = loadEndpoints();

const kafkaAt = (brokers: string[]) =>
  new Kafka({ brokers, logLevel: logLevel.NOTHING, retry: { retries: 1 } });

/** A command app whose readiness looks at the given Kafka and registry; nothing is started. */
const serve = async (brokers: string[], registryUrl: string) => {
  const kafka = kafkaAt(brokers);
  const admin = kafka.admin();
  const app = createCommandApp({
    context: 'orders',
    title: 'test',
    version: '9.9.9',
    routes: [],
    client: new CommandClient(kafka, 'orders'), // never started: no route here sends
    logger: pino({ level: 'silent' }),
    readiness: () => [kafkaCheck(admin), schemaRegistryCheck(registryUrl)],
    security: {
      authenticator: createAuthenticator({ mode: 'insecure' }, pino({ level: 'silent' })),
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await admin.disconnect();
    },
  };
};

let healthy: Awaited<ReturnType<typeof serve>>;
let broken: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  const dead = await closedPort();
  healthy = await serve(endpoints.kafkaBrokers, endpoints.schemaRegistryUrl);
  broken = await serve([`127.0.0.1:${String(dead)}`], `http://127.0.0.1:${String(dead)}`);
});
afterAll(async () => {
  await Promise.all([healthy.close(), broken.close()]);
});

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('command service readiness', () => {
  it('is ready when Kafka and the registry answer', async () => {
    const answer = await readyz(healthy.url);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      service: 'orders-commands',
      version: '9.9.9',
      status: 'ready',
      checks: [
        { name: 'kafka', status: 'ok' },
        { name: 'schema-registry', status: 'ok' },
      ],
    });
  });

  it('answers 503, naming each failing dependency, when they are on a closed port', async () => {
    const answer = await readyz(broken.url);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({
      status: 'not-ready',
      checks: [
        { name: 'kafka', status: 'failing' },
        { name: 'schema-registry', status: 'failing' },
      ],
    });
    const live = await fetch(`${broken.url}/healthz`);
    expect(live.status).toBe(200); // liveness does not depend on Kafka
  });
});
