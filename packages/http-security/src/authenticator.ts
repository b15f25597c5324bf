import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { apiKeyAuthenticator } from './api-key-authenticator.ts';
import type { AuthSettings } from './auth-settings.ts';
import { presentedCredential } from './credentials.ts';
import { jwtAuthenticator } from './jwt-authenticator.ts';
import { insecurePrincipal, type Principal } from './principal.ts';
import { unauthenticated } from './problems.ts';

export interface Authenticator {
  readonly mode: AuthSettings['mode'];
  /** The request's principal; throws UNAUTHENTICATED (401) when it has none that is valid. */
  readonly authenticate: (headers: IncomingHttpHeaders) => Promise<Principal>;
}

/**
 * The authenticator of the configured mode. Insecure mode is announced at warn level on every
 * start, so it cannot go unnoticed in a deployment's logs.
 */
export const createAuthenticator = (settings: AuthSettings, logger: Logger): Authenticator => {
  if (settings.mode === 'insecure') {
    logger.warn(
      { authMode: 'insecure' },
      'AUTHENTICATION IS OFF (ORDERFLOW_AUTH_MODE=insecure): anyone who reaches this port may send commands, read and administer. Use only for local development.',
    );
    return { mode: 'insecure', authenticate: () => Promise.resolve(insecurePrincipal) };
  }
  const verify =
    settings.mode === 'api-keys' ? apiKeyAuthenticator(settings.keys) : jwtAuthenticator(settings);
  logger.info({ authMode: settings.mode }, 'authentication on');
  return {
    mode: settings.mode,
    authenticate: async (headers) => {
      const credential = presentedCredential(headers);
      if (credential === undefined)
        throw unauthenticated('send Authorization: Bearer <credential>', false);
      if (credential === '')
        throw unauthenticated('Authorization is not "Bearer <credential>"', true);
      return verify(credential);
    },
  };
};
