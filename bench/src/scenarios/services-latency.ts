import type { BenchContext } from '../context.ts';
import { commandToReadModel, rawRoundTripProbe } from '../e2e-latency.ts';
import { kafkaTopic } from '../kafka-raw.ts';
import { latencyComparisons } from './latency-percentiles.ts';

export interface ServiceUrls {
  readonly commands: string;
  readonly query: string;
}

const catchUpMs = 120_000;

/**
 * Until the stack answers steadily: the command processor joins its group and restores its
 * (empty) partitions, the projector joins its own: set-up, not latency. Steady once a round
 * trip takes under 2 s, or once three in a row stop getting faster (a loaded machine). A failed
 * trip (202: the processor has no partitions yet; 503: the projector has none) starts over.
 */
export const catchUp = async (urls: ServiceUrls) => {
  const deadline = Date.now() + catchUpMs;
  const recent: number[] = [];
  for (;;) {
    const latency = await commandToReadModel(urls.commands, urls.query).catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    );
    if (typeof latency === 'number') {
      if (latency < 2_000) return;
      recent.push(latency);
      const [a, b, c] = recent.slice(-3);
      if (a !== undefined && b !== undefined && c !== undefined && c >= b * 0.8 && b >= a * 0.8)
        return;
    } else recent.length = 0;
    if (Date.now() > deadline) {
      const last = typeof latency === 'number' ? `${latency.toFixed(0)} ms` : latency.message;
      throw new Error(
        `the services never answered a command-to-read-model round trip steadily within ${String(catchUpMs / 1000)} s (last: ${last})`,
      );
    }
  }
};

/**
 * Sequential round trips (one client) through Orderflow and through a raw KafkaJS producer and
 * a joined consumer on a fresh topic, taking turns run by run (the machine drifts): p50/p95/p99
 * per run.
 */
export const sampleLatencies = async (context: BenchContext, urls: ServiceUrls) => {
  const samplesPerRun = Math.ceil(context.mode.latencySamples / context.mode.runs);
  const sample = async (roundTrip: () => Promise<number>) => {
    const samples: number[] = [];
    for (let i = 0; i < samplesPerRun; i++) samples.push(await roundTrip());
    return samples;
  };
  const target = await kafkaTopic(
    context.kafka,
    context.registry,
    context.endpoints.schemaRegistryUrl,
  );
  try {
    const probe = await rawRoundTripProbe(context.kafka, target);
    try {
      const orderflow: number[][] = [];
      const raw: number[][] = [];
      for (let run = 0; run < context.mode.runs; run++) {
        orderflow.push(await sample(() => commandToReadModel(urls.commands, urls.query)));
        raw.push(await sample(probe.roundTrip));
      }
      return latencyComparisons(orderflow, raw, samplesPerRun);
    } finally {
      await probe.close();
    }
  } finally {
    await target.remove();
  }
};
