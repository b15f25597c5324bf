import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { loadEndpoints } from '@orderflow/config';
import {
  CommandClient,
  CommandProcessor,
  createKafka,
  DeadlineRunner,
  PolicyRunner,
  type AvroRecordSchema,
  type SagaPolicy,
  type Command,
  type CommandContext,
  type DomainEvent,
  type DeadlineSchedule,
  type FiredDeadline,
} from '@orderflow/kernel';
import {
  createLogger,
  kafkaCheck,
  schemaRegistryCheck,
  startTracing,
} from '@orderflow/observability';
import { createCommandApp } from './command-app.ts';
import { recordCommittedBatch, recordDeadlineFired } from './command-metrics.ts';
import type { CommandRoute } from './command-route.ts';

export interface CommandServiceProcess<C extends Command, E extends DomainEvent, S> {
  readonly context: CommandContext<C, E, S>;
  readonly routes: readonly CommandRoute[];
  readonly port: number;
  readonly host?: string;
  readonly logger?: Logger;
  /** Saga steps of this context: reactions to other contexts' events, through this command path. */
  readonly policies?: readonly {
    readonly policy: SagaPolicy;
    readonly sourceSchemas: Readonly<Record<string, AvroRecordSchema>>;
  }[];
  /** Durable timers on this context's aggregates, expired through this command path. */
  readonly deadlines?: {
    readonly schedule: DeadlineSchedule;
    /** Called once per deadline fired (the hook for a metric). */
    readonly onFired?: (fired: FiredDeadline) => void;
  };
}

export interface RunningCommandService {
  readonly url: string;
  readonly close: () => Promise<void>;
}

/**
 * One context's command service: its command processor (a member of the context's consumer
 * group) and its HTTP API in one process. Run more processes to spread the partitions.
 */
export const startCommandService = async <C extends Command, E extends DomainEvent, S>(
  options: CommandServiceProcess<C, E, S>,
): Promise<RunningCommandService> => {
  const service = `${options.context.name}-commands`;
  const logger = options.logger ?? createLogger(service);
  startTracing({ service }); // once per process; exports only when OTLP is configured
  const endpoints = loadEndpoints();
  const kafka = createKafka({
    brokers: endpoints.kafkaBrokers,
    clientId: `${options.context.name}-commands`,
    logger,
  });
  const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
  const topicLayout = {
    partitions: Number(process.env.ORDERFLOW_PARTITIONS ?? 3),
    replicationFactor: Number(process.env.ORDERFLOW_REPLICATION_FACTOR ?? 1),
    commandRetentionMs: 7 * 24 * 3600 * 1000,
  };
  const processor = new CommandProcessor(options.context, {
    kafka,
    registry,
    logger,
    onCommitted: recordCommittedBatch,
    topicLayout,
  });
  await processor.start();
  const client = new CommandClient(kafka, options.context.name);
  await client.start();
  const policies = (options.policies ?? []).map(
    ({ policy, sourceSchemas }) =>
      new PolicyRunner(policy, { kafka, registry, logger, sourceSchemas, client }),
  );
  // Another context's topics may not exist yet (its service starting beside this one): the
  // policies wait for them in the background rather than holding this service's start.
  const policiesStarted = Promise.all(policies.map((policy) => policy.start()));
  policiesStarted.catch((error: unknown) => {
    logger.fatal({ err: error }, 'saga policies could not start');
    process.exitCode = 1;
  });
  const deadlines =
    options.deadlines &&
    new DeadlineRunner(options.deadlines.schedule, {
      kafka,
      registry,
      logger,
      eventSchemas: options.context.eventSchemas,
      client,
      replicationFactor: topicLayout.replicationFactor,
      onFired: (fired: FiredDeadline) => {
        recordDeadlineFired(fired);
        options.deadlines?.onFired?.(fired);
      },
    });
  await deadlines?.start();

  const admin = kafka.admin();
  await admin.connect();
  const app = createCommandApp({
    context: options.context.name,
    title: `Orderflow ${options.context.name} commands`,
    version: process.env.npm_package_version ?? '0.1.0',
    routes: options.routes,
    client,
    logger,
    readiness: () => [kafkaCheck(admin), schemaRegistryCheck(endpoints.schemaRegistryUrl)],
  });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, host, () => {
      resolve(listening);
    });
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port; // port 0: the one the OS chose
  const url = `http://${host}:${String(port)}`;
  logger.info({ url }, 'command service listening');

  const close = async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await policiesStarted.catch(() => undefined);
    await Promise.all(policies.map((policy) => policy.stop()));
    await deadlines?.stop();
    await Promise.all([client.stop(), processor.stop(), admin.disconnect()]);
  };
  return { url, close };
};

/** For a service's main.ts: stop taking requests on SIGTERM/SIGINT, finish, exit. */
export const closeOnSignals = (service: RunningCommandService) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void service.close().then(() => process.exit(0));
    });
  }
};
