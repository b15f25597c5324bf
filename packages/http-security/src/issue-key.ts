import { randomBytes } from 'node:crypto';
import { sha256Hex } from './auth-settings.ts';
import type { Scope } from './principal.ts';

/**
 * A new API key (256 random bits) and the ORDERFLOW_API_KEYS entry for it. Only the entry goes
 * into configuration: it holds the key's SHA-256, so a leaked configuration leaks no key.
 */
export const issueApiKey = (id: string, keyScopes: readonly Scope[]) => {
  const key = `of_${randomBytes(32).toString('base64url')}`;
  return { key, entry: { id, sha256: sha256Hex(key), scopes: [...keyScopes] } };
};
