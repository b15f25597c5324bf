export {
  authSettings,
  AuthConfigurationError,
  sha256Hex,
  type ApiKeyEntry,
  type AuthSettings,
} from './auth-settings.ts';
export { createAuthenticator, type Authenticator } from './authenticator.ts';
export { announceInsecureMode, authModeHeader, principalOf, requireScope } from './guard.ts';
export { insecurePrincipal, scopes, type Principal, type Scope } from './principal.ts';
export { securityProblems } from './problems.ts';
export {
  limitRate,
  rateLimiterFor,
  rateLimitSettings,
  type RateLimitSettings,
} from './rate-limit.ts';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';
export { securityFromEnv, type HttpSecurity } from './security.ts';
export { issueApiKey } from './issue-key.ts';
export { securedBy, securitySchemes } from './openapi.ts';
