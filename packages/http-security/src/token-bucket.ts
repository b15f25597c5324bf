/**
 * A token bucket, pure: `burst` tokens at most, refilled at `ratePerSecond`; a request takes one.
 * Time comes in as an argument, so the arithmetic is tested without a clock.
 */
export interface TokenBucketSettings {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export interface BucketState {
  readonly tokens: number;
  readonly atMs: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  readonly state: BucketState;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** When refused: how long until a token is there. */
  readonly retryAfterMs: number;
  /** How long until the bucket is full again. */
  readonly fullInMs: number;
}

export const fullBucket = (settings: TokenBucketSettings, nowMs: number): BucketState => ({
  tokens: settings.burst,
  atMs: nowMs,
});

export const refilled = (
  state: BucketState,
  settings: TokenBucketSettings,
  nowMs: number,
): BucketState => {
  // A clock that steps back must not mint tokens, nor take them away.
  const elapsedMs = Math.max(0, nowMs - state.atMs);
  const tokens = Math.min(
    settings.burst,
    state.tokens + (elapsedMs / 1000) * settings.ratePerSecond,
  );
  return { tokens, atMs: Math.max(nowMs, state.atMs) };
};

export const take = (
  previous: BucketState | undefined,
  settings: TokenBucketSettings,
  nowMs: number,
): TakeResult => {
  const current = previous ? refilled(previous, settings, nowMs) : fullBucket(settings, nowMs);
  const allowed = current.tokens >= 1;
  const state = allowed ? { tokens: current.tokens - 1, atMs: current.atMs } : current;
  const msPerToken = 1000 / settings.ratePerSecond;
  return {
    allowed,
    state,
    remaining: Math.floor(state.tokens),
    retryAfterMs: allowed ? 0 : Math.ceil((1 - state.tokens) * msPerToken),
    fullInMs: Math.ceil((settings.burst - state.tokens) * msPerToken),
  };
};
