import type { Server } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { integerSetting, loadEndpoints, packageVersion } from '@orderflow/config';
import { securityFromEnv, type HttpSecurity } from '@orderflow/http-security';
import {
  HttpDrain,
  readinessGraceMs,
  shutdownOnSignals,
  shutdownTimeoutMs,
} from '@orderflow/lifecycle';
import {
  CommandClient,
  CommandProcessor,
  createKafka,
  DeadlineRunner,
  PolicyRunner,
  topicWaitMs,
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
import { BackgroundComponents, exitAfterFailure } from './background-components.ts';
import { createCommandApp } from './command-app.ts';
import { recordCommittedBatch, recordDeadlineFired, sagaStepMetrics } from './command-metrics.ts';
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
  /** Auth and rate limit; from the environment (README, Security) when absent. */
  readonly security?: HttpSecurity;
  /**
   * When the processor, a policy or the deadline runner has stopped for good (it is logged at
   * fatal and fails readiness in any case). A library does not end its host process: the
   * services' main.ts pass `exitOnComponentFailure` so that the process exits 1, after readiness
   * has shown the failing component for a moment, for the orchestrator to restart it.
   */
  readonly onComponentFailure?: (component: string, error: Error) => void;
  readonly exitOnComponentFailure?: boolean;
  /**
   * Reported on /healthz, /readyz and in the OpenAPI document: a service's main.ts passes its
   * own package's (`packageVersion(import.meta.url)`); by default this library's.
   */
  readonly version?: string;
}

export interface RunningCommandService {
  readonly url: string;
  readonly logger: Logger;
  /** Graceful: readiness fails, in-flight requests finish, the batch in flight commits. */
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
  // Before any connection: a process without security configuration must not start.
  const security = options.security ?? securityFromEnv(logger);
  const endpoints = loadEndpoints();
  const topicsWaitMs = topicWaitMs();
  let stopService: () => Promise<void> = () => Promise.resolve();
  let closing = false;
  const components = new BackgroundComponents(service, logger, (component, error) => {
    // A consumer that ends while the service is being closed is not a failure.
    if (closing) return;
    options.onComponentFailure?.(component, error);
    if (options.exitOnComponentFailure) exitAfterFailure(() => stopService());
  });
  const kafka = createKafka({
    brokers: endpoints.kafkaBrokers,
    clientId: `${options.context.name}-commands`,
    logger,
  });
  const registry = new SchemaRegistry({ host: endpoints.schemaRegistryUrl });
  const topicLayout = {
    partitions: integerSetting('ORDERFLOW_PARTITIONS', { default: 3, min: 1, max: 10_000 }),
    replicationFactor: integerSetting('ORDERFLOW_REPLICATION_FACTOR', {
      default: 1,
      min: 1,
      max: 100,
    }),
    commandRetentionMs: 7 * 24 * 3600 * 1000,
  };
  const processor = new CommandProcessor(options.context, {
    kafka,
    registry,
    logger,
    onCommitted: recordCommittedBatch,
    topicLayout,
  });
  components.watch('command-processor', processor);
  await processor.start();
  const client = new CommandClient(kafka, options.context.name);
  await client.start();
  const policies = (options.policies ?? []).map(({ policy, sourceSchemas }) => {
    const runner = new PolicyRunner(policy, {
      kafka,
      registry,
      logger,
      sourceSchemas,
      client,
      hooks: sagaStepMetrics,
    });
    components.watch(`policy:${policy.name}`, runner);
    return runner;
  });
  // Another context's topics may not exist yet (its service starting beside this one): the
  // policies wait for them in the background rather than holding this service's start. One
  // that gives up is a stopped component: readiness fails and the process exits.
  const policiesStarted = Promise.all(
    policies.map((runner) =>
      runner.start(topicsWaitMs).catch((error: unknown) => {
        components.fail(`policy:${runner.name}`, error);
      }),
    ),
  );
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
  if (deadlines) components.watch('deadline-runner', deadlines);
  await deadlines?.start();

  const admin = kafka.admin();
  await admin.connect();
  const drain = new HttpDrain(readinessGraceMs());
  const app = createCommandApp({
    context: options.context.name,
    title: `Orderflow ${options.context.name} commands`,
    version: options.version ?? packageVersion(import.meta.url),
    routes: options.routes,
    client,
    logger,
    // While draining, /readyz answers 503 with status `draining` and no dependency probed.
    draining: () => drain.draining,
    readiness: () => [
      kafkaCheck(admin),
      schemaRegistryCheck(endpoints.schemaRegistryUrl),
      ...components.readinessChecks(),
    ],
    security,
  });
  const root = express().disable('x-powered-by').use(drain.gate, app);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = root.listen(options.port, host, () => {
      resolve(listening);
    });
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port; // port 0: the one the OS chose
  const url = `http://${host}:${String(port)}`;
  logger.info({ url }, 'command service listening');

  // Order matters: HTTP first (a request waiting for its outcome needs the processor and the
  // outcome tracker), then the policies (they submit through the client), then the processor,
  // whose consumer leaves the group only after the batch in flight has committed.
  const close = async () => {
    closing = true;
    await drain.close(server);
    // A policy still waiting for its source topic or its first join stops at once too.
    await Promise.all(policies.map((policy) => policy.stop()));
    await policiesStarted.catch(() => undefined);
    await deadlines?.stop();
    await Promise.all([client.stop(), processor.stop(), admin.disconnect()]);
  };
  stopService = close;
  return { url, logger, close };
};

/**
 * For a service's main.ts: on SIGTERM/SIGINT stop taking work, finish it, exit 0; exit 1 after
 * ORDERFLOW_SHUTDOWN_TIMEOUT_MS.
 */
export const closeOnSignals = (service: RunningCommandService) => {
  shutdownOnSignals({
    logger: service.logger,
    stop: service.close,
    timeoutMs: shutdownTimeoutMs(),
  });
};
