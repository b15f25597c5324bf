import type { RequestHandler } from 'express';
import { principalOf } from './guard.ts';
import { rateLimited } from './problems.ts';
import { RateLimiter } from './rate-limiter.ts';
import { AuthConfigurationError } from './auth-settings.ts';

export interface RateLimitSettings {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/**
 * ORDERFLOW_RATE_LIMIT_RPS (tokens per second per client, default 50, `off` to disable) and
 * ORDERFLOW_RATE_LIMIT_BURST (bucket size, default 2 x the rate).
 */
export const rateLimitSettings = (
  env: NodeJS.ProcessEnv = process.env,
): RateLimitSettings | 'off' => {
  const rateText = env.ORDERFLOW_RATE_LIMIT_RPS?.trim() || '50';
  if (rateText === 'off') return 'off';
  const ratePerSecond = Number(rateText);
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0)
    throw new AuthConfigurationError('ORDERFLOW_RATE_LIMIT_RPS: a number > 0, or off');
  const burstText = env.ORDERFLOW_RATE_LIMIT_BURST?.trim();
  const burst = burstText ? Number(burstText) : Math.max(1, Math.ceil(2 * ratePerSecond));
  if (!Number.isInteger(burst) || burst < 1)
    throw new AuthConfigurationError('ORDERFLOW_RATE_LIMIT_BURST: an integer >= 1');
  return { ratePerSecond, burst };
};

/**
 * Per-client limit: the authenticated principal (API key, JWT subject), else the peer address
 * (insecure mode, where every caller is the same anonymous principal). Put it after the auth
 * guard. Headers follow draft-ietf-httpapi-ratelimit-headers (RateLimit-Limit/-Remaining/-Reset).
 */
export const limitRate =
  (limiter: RateLimiter | undefined): RequestHandler =>
  (request, response, next) => {
    if (!limiter) {
      next();
      return;
    }
    const principal = principalOf(response);
    const client =
      principal && principal.via !== 'insecure'
        ? principal.id
        : `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
    const result = limiter.take(client);
    const { burst, ratePerSecond } = limiter.settings;
    const headers = {
      'RateLimit-Policy': `${String(burst)};w=${String(Math.ceil(burst / ratePerSecond))}`,
      'RateLimit-Limit': String(burst),
      'RateLimit-Remaining': String(result.remaining),
      'RateLimit-Reset': String(Math.ceil(result.fullInMs / 1000)),
    };
    if (!result.allowed) {
      next(rateLimited(Math.max(1, Math.ceil(result.retryAfterMs / 1000)), headers));
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    next();
  };

export const rateLimiterFor = (settings: RateLimitSettings | 'off') =>
  settings === 'off' ? undefined : new RateLimiter(settings);
