import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsistencyToken } from './consistency-token.ts';
import type { ReadProgress } from './progress-sources.ts';

/**
 * A projection has reached a position when its next offset is beyond it: the event at that
 * offset (the command's last on the partition) and all before it are visible.
 */
export const hasReached = (
  progress: ReadonlyMap<number, bigint>,
  positions: ConsistencyToken['positions'],
): boolean => positions.every(({ partition, offset }) => (progress.get(partition) ?? -1n) > offset);

export interface AwaitedProjection {
  readonly name: string;
  readonly readProgress: ReadProgress;
}

export interface AwaitOptions {
  readonly token: ConsistencyToken;
  readonly projections: readonly AwaitedProjection[];
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Aborted when the client has gone: stop polling for nobody. */
  readonly signal?: AbortSignal;
}

export type AwaitOutcome =
  { readonly reached: true } | { readonly reached: false; readonly behind: readonly string[] };

/** Polls the projections' progress until all have passed the token, or the bound is up. */
export const awaitProjections = async (options: AwaitOptions): Promise<AwaitOutcome> => {
  const { token, timeoutMs, signal } = options;
  const pollMs = options.pollMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  const partitions = token.positions.map((position) => position.partition);
  let behind = [...options.projections];
  for (;;) {
    const reached = await Promise.all(
      behind.map(async (projection) =>
        hasReached(
          await projection.readProgress(projection.name, token.topic, partitions),
          token.positions,
        ),
      ),
    );
    behind = behind.filter((_, index) => !reached[index]);
    if (behind.length === 0) return { reached: true };
    const remaining = deadline - Date.now();
    if (remaining <= 0 || signal?.aborted) {
      return { reached: false, behind: behind.map((projection) => projection.name) };
    }
    await sleep(Math.min(pollMs, remaining));
  }
};
