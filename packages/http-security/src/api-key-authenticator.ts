import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from './auth-settings.ts';
import type { Principal } from './principal.ts';
import { unauthenticated } from './problems.ts';

/**
 * API keys, compared as SHA-256 digests in constant time: the time taken says nothing about how
 * much of a key matched, nor which entry; every entry is compared every time.
 */
export const apiKeyAuthenticator = (keys: readonly ApiKeyEntry[]) => (presented: string) => {
  const digest = createHash('sha256').update(presented).digest();
  let found: ApiKeyEntry | undefined;
  for (const entry of keys) {
    if (timingSafeEqual(digest, entry.sha256) && !found) found = entry;
  }
  if (!found) throw unauthenticated('the API key is not valid', true);
  const principal: Principal = { id: `api-key:${found.id}`, scopes: found.scopes, via: 'api-key' };
  return Promise.resolve(principal);
};
