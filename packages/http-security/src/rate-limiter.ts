import {
  refilled,
  take,
  type BucketState,
  type TakeResult,
  type TokenBucketSettings,
} from './token-bucket.ts';

export interface RateLimiterOptions extends TokenBucketSettings {
  readonly now?: () => number;
  /** Above this many clients, buckets that have refilled completely are forgotten. */
  readonly maxTrackedClients?: number;
}

/**
 * One token bucket per client, in this process's memory: N replicas of a service allow N times
 * the rate in total, and a restart forgets the buckets. Good enough to stop one client from
 * flooding the command topic; a shared limit would need a shared store.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  private readonly now: () => number;
  private readonly maxTrackedClients: number;

  constructor(readonly settings: RateLimiterOptions) {
    if (!(settings.ratePerSecond > 0) || !(settings.burst >= 1))
      throw new RangeError('a rate limit needs ratePerSecond > 0 and burst >= 1');
    this.now = settings.now ?? Date.now;
    this.maxTrackedClients = settings.maxTrackedClients ?? 10_000;
  }

  take(client: string): TakeResult {
    const nowMs = this.now();
    const result = take(this.buckets.get(client), this.settings, nowMs);
    this.buckets.delete(client); // re-inserted last: Map order is least recently used first
    this.buckets.set(client, result.state);
    if (this.buckets.size > this.maxTrackedClients) this.forgetIdle(nowMs);
    return result;
  }

  get trackedClients(): number {
    return this.buckets.size;
  }

  /** A full bucket is the same as no bucket: forgetting it changes no answer. */
  private forgetIdle(nowMs: number) {
    for (const [client, state] of this.buckets) {
      if (refilled(state, this.settings, nowMs).tokens >= this.settings.burst)
        this.buckets.delete(client);
    }
    // Still too many active clients: drop the least recently seen (they get a fresh bucket).
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= this.maxTrackedClients) break;
      this.buckets.delete(client);
    }
  }
}
