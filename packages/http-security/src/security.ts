import type { Logger } from 'pino';
import { authSettings } from './auth-settings.ts';
import { createAuthenticator, type Authenticator } from './authenticator.ts';
import { rateLimiterFor, rateLimitSettings } from './rate-limit.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** What an app factory needs to guard its routes. */
export interface HttpSecurity {
  readonly authenticator: Authenticator;
  /** Absent when rate limiting is off (ORDERFLOW_RATE_LIMIT_RPS=off). */
  readonly rateLimiter?: RateLimiter | undefined;
}

/** From the environment; throws AuthConfigurationError, so a process without it does not start. */
export const securityFromEnv = (
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): HttpSecurity => {
  const limiter = rateLimiterFor(rateLimitSettings(env));
  const authenticator = createAuthenticator(authSettings(env), logger);
  logger.info(
    { rateLimit: limiter ? limiter.settings : 'off' },
    'per-client rate limit on command endpoints',
  );
  return { authenticator, rateLimiter: limiter };
};
