import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type { Counter, Gauge } from 'prom-client';

/**
 * One registry per process, whatever runs in it (several command services share one in the
 * end-to-end tests): every metric is created once, here, and labelled by context or projection.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

const registers = [processRegistry];

// Buckets from 5 ms to 10 s: an HTTP answer, or a command from issue to commit.
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: latencyBuckets,
  registers,
});

export const commandsAccepted = new Counter({
  name: 'orderflow_commands_accepted_total',
  help: 'Commands decided and committed as accepted, by context and command type',
  labelNames: ['context', 'type'] as const,
  registers,
});

export const commandsRefused = new Counter({
  name: 'orderflow_commands_refused_total',
  help: 'Commands refused (business rule, or invalid and parked), by context, type and code',
  labelNames: ['context', 'type', 'code'] as const,
  registers,
});

export const commandsConflicted = new Counter({
  name: 'orderflow_commands_conflicted_total',
  help: 'Commands whose expected version did not match, by context and type',
  labelNames: ['context', 'type'] as const,
  registers,
});

export const commandDuration = new Histogram({
  name: 'orderflow_command_duration_seconds',
  help: 'From a command being issued to its outcome being committed, by context and status',
  labelNames: ['context', 'status'] as const,
  buckets: latencyBuckets,
  registers,
});

export const eventsAppended = new Counter({
  name: 'orderflow_events_appended_total',
  help: 'Events committed to the events topics, by context and event type',
  labelNames: ['context', 'type'] as const,
  registers,
});

export const sagaOrders = new Counter({
  name: 'orderflow_saga_orders_total',
  help: 'Orders the saga ended, by outcome (confirmed, rejected) and rejection reason code',
  labelNames: ['outcome', 'reason'] as const,
  registers,
});

export const sagaCompensations = new Counter({
  name: 'orderflow_saga_compensations_total',
  help: 'Compensating events committed (stock released, payment refunded), by event type',
  labelNames: ['type'] as const,
  registers,
});

export const deadlineFirings = new Counter({
  name: 'orderflow_deadline_firings_total',
  help: 'Saga deadlines that fired (an order not settled in time), by schedule',
  labelNames: ['schedule'] as const,
  registers,
});

type ScrapedMetric = Pick<Gauge, 'set'> & Pick<Counter, 'inc'>;
type MetricSource = (metric: ScrapedMetric) => Promise<void> | void;
const scrapedSources = new Map<string, Set<MetricSource>>();

/**
 * A metric read at scrape time (lag, events projected, parked events), so its source stays
 * the source of truth. Several sources may feed one metric (two projectors in one test
 * process); each gets its own unregister function, called when its part of the process stops.
 * A counter is fed its running total with `inc` after the reset of each scrape.
 */
export const scrapedMetric = (
  kind: 'gauge' | 'counter',
  name: string,
  help: string,
  labelNames: readonly string[],
  source: MetricSource,
): (() => void) => {
  let sources = scrapedSources.get(name);
  if (!sources) {
    const fed = new Set<MetricSource>();
    sources = fed;
    scrapedSources.set(name, fed);
    const collect = async function (this: Gauge | Counter) {
      this.reset();
      const metric = this as unknown as ScrapedMetric;
      for (const feed of fed) await feed(metric);
    };
    if (kind === 'gauge') new Gauge({ name, help, labelNames, registers, collect });
    else new Counter({ name, help, labelNames, registers, collect });
  }
  sources.add(source);
  return () => {
    sources.delete(source);
  };
};

// A saga step (a policy's command: a compensation, or a forward step on an infrastructure
// failure) that failed and is retried: never dropped. `code` is the refusal or failure code.
export const sagaStepRetries = new Counter({
  name: 'orderflow_saga_step_retries_total',
  help: 'Failed attempts of saga steps (policy commands) that are retried, by policy, command and code',
  labelNames: ['policy', 'command', 'code'] as const,
  registers,
});

export const policyUnreadableEvents = new Counter({
  name: 'orderflow_policy_unreadable_events_total',
  help: 'Records on an events topic a saga policy could never decode, so did not react to (the projections park them)',
  labelNames: ['policy'] as const,
  registers,
});

export const sagaStuckSteps = new Gauge({
  name: 'orderflow_saga_stuck_steps',
  help: 'Saga steps still failing after the alert threshold of attempts (each holds its policy partition)',
  labelNames: ['policy'] as const,
  registers,
});

export const componentUp = new Gauge({
  name: 'orderflow_component_up',
  help: 'Whether a background component of the process (processor, policy, deadline runner) runs (1) or has stopped (0)',
  labelNames: ['service', 'component'] as const,
  registers,
});
