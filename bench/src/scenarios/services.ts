import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, Scenario } from '../context.ts';
import { measureHttp, type HttpTarget } from '../http-load.ts';
import { isolatedStack } from '../isolated-stack.ts';
import { summarise } from '../measure.ts';
import { phaseClock, type PhaseClock } from '../phase-clock.ts';
import {
  rssMiB,
  rssSampler,
  startHelloWorld,
  startOrderflowProcess,
  startTogether,
  stopProcess,
  type RunningProcess,
} from '../processes.ts';
import { drainProjector, readProduct, registerProduct } from '../product-client.ts';
import type { Comparison, Figure, ScenarioResult } from '../report.ts';
import { catchUp, sampleLatencies, type ServiceUrls } from './services-latency.ts';

const fixed = (value: number) => summarise([value]);

/** How long the projector may take to fold the POST load before the GET load (FerretDB-bound). */
const drainPatienceMs = 600_000;

/**
 * Orderflow's processes as `npm start` runs them (inventory commands, projector with every read
 * model, query API, each a child process) next to an express hello world: commands/s and queries/s over HTTP
 * under autocannon, command-to-read-model latency against a raw Kafka round trip, and each
 * process's RSS at rest and under load. The processes run in a stack of their own (fresh Kafka
 * namespace and read-model namespace, see isolated-stack.ts), removed afterwards.
 */
export const servicesScenario: Scenario = {
  name: 'services',
  run: async (context) => {
    const clock = phaseClock();
    const stack = await isolatedStack(context.kafka, context.endpoints);
    clock.mark('create stack');
    try {
      // The query API's readiness waits for the projections' progress, which the projector (all
      // read models, as `npm start` runs it: the stack is fresh, so no backlog) writes once it
      // is up: started side by side, the query API is polled until then.
      const processes = await startTogether({
        hello: startHelloWorld(),
        inventory: startOrderflowProcess('inventory commands', stack.env),
        projector: startOrderflowProcess('projector', stack.env),
        query: startOrderflowProcess('query API', {
          ...stack.env,
          QUERY_CONSISTENCY_TIMEOUT_MS: '30000', // a first read waits for the group to form
        }),
      });
      clock.mark('start processes');
      try {
        return await measure(context, processes, clock);
      } finally {
        await Promise.all(Object.values(processes).map((running) => stopProcess(running)));
      }
    } finally {
      await stack.remove().catch((error: unknown) => {
        context.logger.warn({ err: error }, 'removing the services stack failed');
      });
    }
  },
};

interface Processes {
  readonly hello: RunningProcess;
  readonly inventory: RunningProcess;
  readonly query: RunningProcess;
  readonly projector: RunningProcess;
}

const pidOf = (running: RunningProcess) => running.child.pid ?? 0;

const measure = async (
  context: BenchContext,
  p: Processes,
  clock: PhaseClock,
): Promise<ScenarioResult> => {
  const { mode } = context;
  const urls: ServiceUrls = { commands: p.inventory.url, query: p.query.url };
  await catchUp(urls);
  clock.mark('catch up');
  await sleep(2_000);
  const atRest = {
    hello: rssMiB(pidOf(p.hello)),
    inventory: rssMiB(pidOf(p.inventory)),
    query: rssMiB(pidOf(p.query)),
    projector: rssMiB(pidOf(p.projector)),
  };
  // On the idle stack, before any load: the path's own latency, not a queue's.
  const latencies = await sampleLatencies(context, urls);
  clock.mark('at rest + latency');

  const load = {
    seconds: mode.httpSeconds,
    connections: mode.httpConnections,
    runs: mode.runs,
    warmups: mode.warmups,
  };
  const helloTarget: HttpTarget = { url: p.hello.url, method: 'GET', path: '/', expectStatus: 200 };
  const helloLoad = await measureHttp(helloTarget, load, [pidOf(p.hello)]);
  clock.mark('hello world load');
  const projectorPeak = rssSampler(pidOf(p.projector));
  const commandLoad = await measureHttp(
    {
      url: p.inventory.url,
      method: 'POST',
      path: '/v1/inventory/products',
      body: () => ({ sku: `bench-${randomUUID()}`, name: 'bench product', initialStock: 1 }),
      expectStatus: 202,
    },
    load,
    [pidOf(p.inventory)],
  );
  clock.mark('POST load');
  // The POST load leaves the processor and the projector a backlog: fold it before the GETs.
  await drainProjector(urls.commands, urls.query, 3, drainPatienceMs);
  const projectorPeakMiB = projectorPeak.stop();
  clock.mark('drain the POST load');
  const product = await registerProduct(urls.commands);
  await readProduct(urls.query, product); // visible before the load
  const queryLoad = await measureHttp(
    { url: p.query.url, method: 'GET', path: `/v1/inventory/${product.sku}`, expectStatus: 200 },
    load,
    [pidOf(p.query)],
  );

  clock.mark('GET load');
  const helloFigure: Figure = {
    label: `express hello world, GET / (${String(mode.httpConnections)} connections, ${String(mode.httpSeconds)} s)`,
    unit: 'requests/s',
    summary: helloLoad.perSecond,
  };
  const http = (label: string, summary: Figure['summary']): Comparison => ({
    section: 'HTTP (autocannon)',
    orderflow: { label, unit: 'requests/s', summary },
    baseline: helloFigure,
    better: 'higher',
  });
  const helloRest = {
    label: 'express hello world at rest',
    unit: 'MiB',
    summary: fixed(atRest.hello),
  };
  const helloPeak = {
    label: 'express hello world, peak under its autocannon load',
    unit: 'MiB',
    summary: fixed(helloLoad.peakRssMiB[0] ?? 0),
  };
  const rss = (label: string, value: number, baseline: Figure): Comparison => ({
    section: 'RSS',
    orderflow: { label, unit: 'MiB', summary: fixed(value) },
    baseline,
    better: 'lower',
  });
  return {
    comparisons: [
      http(
        'inventory commands: POST /v1/inventory/products (RegisterProduct, 202 once published to Kafka)',
        commandLoad.perSecond,
      ),
      http('query API: GET /v1/inventory/{sku} (MongoDB read model)', queryLoad.perSecond),
      ...latencies,
      rss('inventory commands at rest', atRest.inventory, helloRest),
      rss('projector (all seven read models) at rest', atRest.projector, helloRest),
      rss('query API at rest', atRest.query, helloRest),
      rss(
        'inventory commands, peak under the POST load',
        commandLoad.peakRssMiB[0] ?? 0,
        helloPeak,
      ),
      rss('projector, peak while folding the POST load', projectorPeakMiB, helloPeak),
      rss('query API, peak under the GET load', queryLoad.peakRssMiB[0] ?? 0, helloPeak),
    ],
    details: { rssAtRestMiB: atRest, phaseSeconds: clock.seconds() },
  };
};
