import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

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
  help: 'Saga deadlines that fired (an order not settled in time), by context',
  labelNames: ['context'] as const,
  registers,
});

type GaugeSource = (gauge: Gauge) => Promise<void> | void;
const gaugeSources = new Map<string, Set<GaugeSource>>();

/**
 * A gauge read at scrape time (lag, parked events), so the source stays the source of truth.
 * Several sources may feed one gauge (two projectors in one test process); each gets its own
 * unregister function, called when its process part stops.
 */
export const scrapedGauge = (
  name: string,
  help: string,
  labelNames: readonly string[],
  source: GaugeSource,
): (() => void) => {
  let sources = gaugeSources.get(name);
  if (!sources) {
    const fed = new Set<GaugeSource>();
    sources = fed;
    gaugeSources.set(name, fed);
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const feed of fed) await feed(this);
      },
    });
  }
  sources.add(source);
  return () => {
    sources.delete(source);
  };
};
