import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, Scenario } from '../context.ts';
import { commandToReadModel, rawRoundTripProbe } from '../e2e-latency.ts';
import { measureHttp, type HttpTarget } from '../http-load.ts';
import { kafkaTopic } from '../kafka-raw.ts';
import { summarise } from '../measure.ts';
import {
  rssMiB,
  startHelloWorld,
  startOrderflowProcess,
  stopProcess,
  type RunningProcess,
} from '../processes.ts';
import type { Comparison, Figure, ScenarioResult } from '../report.ts';
import { latencyComparisons } from './latency-percentiles.ts';

const fixed = (value: number) => summarise([value]);

/**
 * Orderflow's processes as `npm start` runs them (inventory commands, projector, query API,
 * each a child process) next to an express hello world: commands/s and queries/s over HTTP
 * under autocannon, command-to-read-model latency against a raw Kafka round trip, and each
 * process's RSS at rest and under load.
 */
export const servicesScenario: Scenario = {
  name: 'services',
  run: async (context) => {
    const started: RunningProcess[] = [];
    try {
      const hello = await startHelloWorld();
      started.push(hello);
      const inventory = await startOrderflowProcess('inventory commands');
      started.push(inventory);
      const query = await startOrderflowProcess('query API', {
        QUERY_CONSISTENCY_TIMEOUT_MS: '60000', // the first read waits for the projector to catch up
      });
      started.push(query);
      // Only the read model the latency probe reads: the projector's groups resume from their
      // committed offsets on the shared topics, and catching up all seven takes minutes.
      const projector = await startOrderflowProcess('projector', { PROJECTIONS: 'stock-levels' });
      started.push(projector);
      return await measure(context, { hello, inventory, query, projector });
    } finally {
      for (const running of started.reverse()) await stopProcess(running);
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

const measure = async (context: BenchContext, p: Processes): Promise<ScenarioResult> => {
  const { mode } = context;
  await catchUp(p);
  await sleep(2_000);
  const atRest = {
    hello: rssMiB(pidOf(p.hello)),
    inventory: rssMiB(pidOf(p.inventory)),
    query: rssMiB(pidOf(p.query)),
    projector: rssMiB(pidOf(p.projector)),
  };

  const load = {
    seconds: mode.httpSeconds,
    connections: mode.httpConnections,
    runs: mode.runs,
    warmups: mode.warmups,
  };
  const helloTarget: HttpTarget = { url: p.hello.url, method: 'GET', path: '/', expectStatus: 200 };
  const helloLoad = await measureHttp(helloTarget, load, [pidOf(p.hello)]);
  const commandLoad = await measureHttp(
    {
      url: p.inventory.url,
      method: 'POST',
      path: '/v1/inventory/products',
      body: () => ({ sku: `bench-${randomUUID()}`, name: 'bench product', initialStock: 1 }),
      expectStatus: 202,
    },
    load,
    [pidOf(p.inventory), pidOf(p.projector)],
  );
  const sku = `bench-${randomUUID()}`;
  await commandToReadModel(p.inventory.url, p.query.url, sku); // visible before the load
  const queryLoad = await measureHttp(
    { url: p.query.url, method: 'GET', path: `/v1/inventory/${sku}`, expectStatus: 200 },
    load,
    [pidOf(p.query)],
  );

  const latencies = await sampleLatencies(context, p);
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
      rss('projector (stock-levels only) at rest', atRest.projector, helloRest),
      rss('query API at rest', atRest.query, helloRest),
      rss(
        'inventory commands, peak under the POST load',
        commandLoad.peakRssMiB[0] ?? 0,
        helloPeak,
      ),
      rss('projector, peak while folding the POST load', commandLoad.peakRssMiB[1] ?? 0, helloPeak),
      rss('query API, peak under the GET load', queryLoad.peakRssMiB[0] ?? 0, helloPeak),
    ],
    details: { rssAtRestMiB: atRest },
  };
};

/**
 * The command processor restores its partitions and the projector resumes from its committed
 * offsets on the shared topics: not latency. Caught up once a round trip takes under 2 s, or
 * once three in a row stop getting faster (steady state on a loaded machine).
 */
const catchUp = async (p: Processes) => {
  const deadline = Date.now() + 300_000;
  const recent: number[] = [];
  for (;;) {
    const latency = await commandToReadModel(p.inventory.url, p.query.url).catch(
      (error: unknown) => error,
    );
    if (typeof latency === 'number') {
      if (latency < 2_000) return;
      recent.push(latency);
      const [a, b, c] = recent.slice(-3);
      if (a !== undefined && b !== undefined && c !== undefined && c >= b * 0.8 && b >= a * 0.8)
        return;
    } else recent.length = 0;
    if (Date.now() > deadline)
      throw new Error(`Orderflow did not catch up within 300 s (last: ${String(latency)})`);
  }
};

const sampleLatencies = async (context: BenchContext, p: Processes) => {
  const samplesPerRun = Math.ceil(context.mode.latencySamples / context.mode.runs);
  const orderflow: number[][] = [];
  for (let run = 0; run < context.mode.runs; run++) {
    const samples: number[] = [];
    for (let i = 0; i < samplesPerRun; i++)
      samples.push(await commandToReadModel(p.inventory.url, p.query.url));
    orderflow.push(samples);
  }
  const target = await kafkaTopic(context.kafka, context.registry);
  const probe = await rawRoundTripProbe(context.kafka, target);
  try {
    const raw: number[][] = [];
    for (let run = 0; run < context.mode.runs; run++) {
      const samples: number[] = [];
      for (let i = 0; i < samplesPerRun; i++) samples.push(await probe.roundTrip());
      raw.push(samples);
    }
    return latencyComparisons(orderflow, raw, samplesPerRun);
  } finally {
    await probe.close();
    await target.remove();
  }
};
