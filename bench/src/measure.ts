/** Runs a measurement several times and keeps the median and spread: shared machines are noisy. */
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

/**
 * `warmups` runs first, thrown away (JIT, connection pools, the broker's and the databases'
 * caches), then `runs` measured ones.
 */
export const repeat = async (
  runs: number,
  measure: (run: number) => Promise<number>,
  warmups = 0,
) => {
  for (let warmup = 0; warmup < warmups; warmup++) await measure(-1 - warmup);
  const values: number[] = [];
  for (let run = 0; run < runs; run++) values.push(await measure(run));
  return summarise(values);
};

export const rate = (count: number, startedAt: bigint) =>
  count / (Number(process.hrtime.bigint() - startedAt) / 1e9);

export const elapsedMs = (startedAt: bigint) => Number(process.hrtime.bigint() - startedAt) / 1e6;

/** The p-th percentile (nearest rank) of a sample. */
export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
};

/**
 * Like `repeat` for several measurements at once, taking turns (a, b, c, a, b, c, ...): a
 * machine that gets busier half-way through slows every measurement alike, not just the later
 * ones, so their ratios stay fair.
 */
export const repeatInTurns = async <K extends string>(
  runs: number,
  warmups: number,
  measures: Readonly<Record<K, () => Promise<number>>>,
): Promise<Record<K, Summary>> => {
  const keys = Object.keys(measures) as K[];
  const values = new Map<K, number[]>(keys.map((key) => [key, []]));
  for (let run = -warmups; run < runs; run++)
    for (const key of keys) {
      const value = await measures[key]();
      if (run >= 0) values.get(key)?.push(value);
    }
  return Object.fromEntries(keys.map((key) => [key, summarise(values.get(key) ?? [])])) as Record<
    K,
    Summary
  >;
};
