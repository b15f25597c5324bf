import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/** The issuer's key set could not be had: down, too slow, not 200, not a JWKS. */
export class KeySetUnavailable extends Error {
  override readonly name = 'KeySetUnavailable';
}

// Failures of the lookup that the token chose: its `kid` / `alg` name no key, or several.
const tokenFaults = new Set([errors.JWKSNoMatchingKey.code, errors.JWKSMultipleMatchingKeys.code]);

/**
 * jose's remote JWKS (cached, refetched when a token names an unknown kid, one fetch at a time)
 * with each fetch bounded by `timeoutMs`. Every failure other than "no such key" becomes a
 * KeySetUnavailable naming the URL, with jose's error as its cause: jose itself throws the same
 * generic error types for a fetch that failed and for a token that did not verify.
 */
export const remoteKeySet = (url: URL, timeoutMs: number): JWTVerifyGetKey => {
  const keySet = createRemoteJWKSet(url, { timeoutDuration: timeoutMs });
  return async (protectedHeader, token) => {
    try {
      return await keySet(protectedHeader, token);
    } catch (error) {
      if (error instanceof errors.JOSEError && tokenFaults.has(error.code)) throw error;
      throw new KeySetUnavailable(`the JWKS at ${url.href} could not be fetched`, {
        cause: error,
      });
    }
  };
};
