/**
 * How much each scenario does. Quick (the default) keeps `npm run bench` under two minutes on
 * the 2-core reference machine: small volumes, one warm-up, three runs. Full (`--full`) is what
 * bench/results records: larger volumes, more runs, longer HTTP loads.
 */
export interface Mode {
  readonly name: 'quick' | 'full';
  readonly runs: number;
  readonly warmups: number;
  readonly kernelCommands: number;
  readonly projectorEvents: number;
  /** Views the projector events update (2 events each in quick and 30 in full). */
  readonly projectorAggregates: number;
  readonly kafkaRecords: number;
  /** Seconds of each autocannon load. */
  readonly httpSeconds: number;
  readonly httpConnections: number;
  /** Round trips sampled for the latency percentiles. */
  readonly latencySamples: number;
  readonly partitionCounts: readonly number[];
  /** Longest one attempt of a scenario may take before it is reported as not measured. */
  readonly scenarioMinutes: number;
  /** Scenarios left out of this mode (see README "Benchmarks"). */
  readonly skip: readonly string[];
}

export const quick: Mode = {
  name: 'quick',
  runs: 3,
  warmups: 1,
  kernelCommands: 1_500,
  // FerretDB writes a few hundred documents/s: the MongoDB half of the projector scenario grows
  // with the views written. Two events per view, as before at 2,000 over 1,000: the same batch
  // shape (about one batch per partition, folded to half as many views), half the documents.
  projectorEvents: 1_000,
  projectorAggregates: 500,
  kafkaRecords: 3_000,
  httpSeconds: 2,
  httpConnections: 10,
  latencySamples: 15,
  partitionCounts: [1, 3, 6],
  scenarioMinutes: 5,
  skip: ['partition-scaling', 'projector-scaling'],
};

export const full: Mode = {
  name: 'full',
  runs: 5,
  warmups: 1,
  kernelCommands: 20_000,
  projectorEvents: 30_000,
  projectorAggregates: 1_000,
  kafkaRecords: 50_000,
  httpSeconds: 10,
  httpConnections: 20,
  latencySamples: 150,
  partitionCounts: [1, 3, 6],
  scenarioMinutes: 25,
  skip: [],
};
