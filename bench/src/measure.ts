/** Runs a measurement several times and keeps the median and spread: shared machines are noisy. */
export interface Sample {
  readonly perSecond: number;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export const summarise = (values: readonly number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, runs: values };
};

export const repeat = async (runs: number, measure: (run: number) => Promise<number>) => {
  const values: number[] = [];
  for (let run = 0; run < runs; run++) values.push(await measure(run));
  return summarise(values);
};

export const rate = (count: number, startedAt: bigint) =>
  count / (Number(process.hrtime.bigint() - startedAt) / 1e9);
