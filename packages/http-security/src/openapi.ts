import type { Scope } from './principal.ts';

/** OpenAPI 3.1 security schemes: the same credential as a Bearer token or in X-API-Key. */
export const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key or a JWT (its `scope` or `scp` claim lists the scopes)',
  },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
};

/** An operation's `security`: either scheme, with the scope the route needs. */
export const securedBy = (scope: Scope) => [{ bearer: [scope] }, { apiKey: [scope] }];
