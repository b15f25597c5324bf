import { integerSetting } from '@orderflow/config';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { TargetRegistry } from '@orderflow/read-targets';
import { LockHeldError } from './errors.ts';

export const lockStaleMs = () =>
  integerSetting('REPLAY_LOCK_STALE_MS', { default: 15_000, min: 100, max: 3_600_000 });
const heartbeatMs = (staleMs: number) => Math.max(200, Math.min(2_000, staleMs / 4));

export const newLockOwner = () =>
  `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;

/**
 * Holds a projection's rebuild lock while a run lasts: heartbeats it, and reports its loss (a
 * run that stalled long enough to look crashed was taken over) so the run stops writing.
 */
export class LockKeeper {
  private timer: NodeJS.Timeout | undefined;
  private lost: Error | undefined;

  private constructor(
    private readonly registry: TargetRegistry,
    readonly projection: string,
    readonly owner: string,
    /** A crashed run whose stale lock this run took over, if any. */
    readonly tookOverFrom: string | null,
  ) {}

  static async acquire(
    registry: TargetRegistry,
    projection: string,
    owner: string,
    staleMs = lockStaleMs(),
  ) {
    const result = await registry.acquireLock(projection, owner, staleMs);
    if (!result.acquired)
      throw new LockHeldError(
        `a rebuild of ${projection} is already running (owner ${result.holder}, last heartbeat ${(result.heartbeatAgeMs / 1000).toFixed(1)} s ago); ` +
          `wait for it, stop it, or let its lock go stale (${String(staleMs / 1000)} s without a heartbeat) if it crashed`,
      );
    const keeper = new LockKeeper(registry, projection, owner, result.tookOverFrom);
    keeper.timer = setInterval(() => {
      void registry.heartbeat(projection, owner).then(
        (held) => {
          if (!held)
            keeper.lost = new LockHeldError(
              `the rebuild lock of ${projection} was taken over by another run`,
            );
        },
        () => undefined, // a missed heartbeat is retried; only a lost lock stops the run
      );
    }, heartbeatMs(staleMs));
    return keeper;
  }

  /** Throws if another run has taken the lock over. */
  check(): void {
    if (this.lost) throw this.lost;
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.registry.releaseLock(this.projection, this.owner);
  }
}
