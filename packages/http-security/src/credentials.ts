import type { IncomingHttpHeaders } from 'node:http';

/**
 * The credential a request presents: `Authorization: Bearer <token>` (an API key or a JWT), or
 * `X-API-Key: <key>` for clients that cannot set Authorization.
 */
export const presentedCredential = (headers: IncomingHttpHeaders): string | undefined => {
  const authorization = headers.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    // A malformed Authorization is presented but unusable: an empty string, not "absent".
    return match?.[1] ?? '';
  }
  const apiKey = headers['x-api-key'];
  const single = Array.isArray(apiKey) ? apiKey[0] : apiKey;
  return single?.trim() ?? undefined;
};
