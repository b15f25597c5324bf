import { pino } from 'pino';
import { startCommandService, type RunningCommandService } from '@orderflow/command-http';
import { loadEndpoints } from '@orderflow/config';
import { createAuthenticator, type HttpSecurity } from '@orderflow/http-security';
import {
  contextTopics,
  createKafka,
  header,
  readPartitionsToEnd,
  type SagaPolicy,
} from '@orderflow/kernel';
import { eventSchemasByContext } from '@orderflow/contracts';
import { inventoryContext } from '@orderflow/inventory-service';
import { inventoryPolicies } from '@orderflow/inventory-service/policies';
import { ordersPolicies } from '@orderflow/orders-service/policies';
import { orderDeadline } from '@orderflow/orders-service/deadlines';
import { paymentsPolicies } from '@orderflow/payments-service/policies';
import { ordersContext } from '@orderflow/orders-service';
import { paymentsContext } from '@orderflow/payments-service';
import { inventoryRoutes } from '@orderflow/inventory-service/http';
import { ordersRoutes } from '@orderflow/orders-service/http';
import { paymentsRoutes } from '@orderflow/payments-service/http';

export const testLogger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

/**
 * The services of most tests run with authentication off and no rate limit (the suites fire
 * bursts from one address); the security tests build their own with real keys and limits.
 */
export const insecureTestSecurity: HttpSecurity = {
  authenticator: createAuthenticator({ mode: 'insecure' }, testLogger),
};

// A policy's react is typed by its source context's events; the runner only needs its shape.
const wire = (
  policies: readonly { readonly sourceContext: keyof typeof eventSchemasByContext }[],
) =>
  policies.map((policy) => ({
    policy: policy as unknown as SagaPolicy,
    sourceSchemas: eventSchemasByContext[policy.sourceContext],
  }));

export interface CommandServices {
  readonly orders: string;
  readonly inventory: string;
  readonly payments: string;
  readonly close: () => Promise<void>;
}

/** The three command services in this process, each on a port of the OS's choosing. */
export const startCommandServices = async (): Promise<CommandServices> => {
  const started: RunningCommandService[] = [];
  const [orders, inventory, payments] = await Promise.all([
    startCommandService({
      context: ordersContext,
      routes: ordersRoutes,
      port: 0,
      logger: testLogger,
      security: insecureTestSecurity,
      policies: wire(ordersPolicies),
      deadlines: { schedule: orderDeadline },
    }),
    startCommandService({
      context: inventoryContext,
      routes: inventoryRoutes,
      port: 0,
      logger: testLogger,
      security: insecureTestSecurity,
      policies: wire(inventoryPolicies),
    }),
    startCommandService({
      context: paymentsContext,
      routes: paymentsRoutes,
      port: 0,
      logger: testLogger,
      security: insecureTestSecurity,
      policies: wire(paymentsPolicies),
    }),
  ]);
  started.push(orders, inventory, payments);
  return {
    orders: orders.url,
    inventory: inventory.url,
    payments: payments.url,
    close: async () => {
      await Promise.all(started.map((service) => service.close()));
    },
  };
};

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** POST with a JSON body (or raw text when a string is given) and the given headers. */
export const post = async (
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};

export const get = async (url: string): Promise<HttpAnswer> => {
  const response = await fetch(url);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};

export const wait = { prefer: 'wait=10' } as const;

const kafka = createKafka({
  brokers: loadEndpoints().kafkaBrokers,
  clientId: 'e2e-reader',
  logger: testLogger,
});

/** What is really on the events topic for one aggregate: (type, version) in order. */
export const eventsOnTopic = async (context: string, aggregateId: string) => {
  const topic = contextTopics(context).events;
  const found: { type: string; version: number; correlationId: string }[] = [];
  await readPartitionsToEnd(
    kafka,
    [0, 1, 2].map((partition) => ({ topic, partition, fromOffset: '0' })),
    (_t, _p, message) => {
      if (message.key?.toString() !== aggregateId) return;
      found.push({
        type: message.headers?.[header.type]?.toString() ?? '',
        version: Number(message.headers?.[header.aggregateVersion]?.toString()),
        correlationId: message.headers?.[header.correlationId]?.toString() ?? '',
      });
    },
  );
  return found.sort((a, b) => a.version - b.version);
};
