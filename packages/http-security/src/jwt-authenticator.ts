import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthSettings } from './auth-settings.ts';
import { KeySetUnavailable, remoteKeySet } from './remote-key-set.ts';
import { isScope, type Principal, type Scope } from './principal.ts';
import { authUnavailable, unauthenticated } from './problems.ts';

type JwtSettings = Extract<AuthSettings, { mode: 'jwt' }>;

/** OAuth 2 puts scopes in `scope` (space-separated, RFC 8693); some issuers use `scp`. */
const scopesOf = (payload: JWTPayload): Set<Scope> => {
  const raw = payload.scope ?? payload.scp;
  const names = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw : [];
  return new Set(names.filter((name): name is Scope => typeof name === 'string' && isScope(name)));
};

/** Why a token failed, for the client; never the token itself. */
const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the "${error.claim}" claim is not acceptable`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the signing algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no known key matches the token';
  return 'the token is not a valid JWT';
};

/**
 * JWTs verified with jose: signature (JWKS URL, public key or HMAC secret), issuer, audience,
 * expiry (required). A key set that cannot be fetched is a 503 AUTH_UNAVAILABLE, not a 401:
 * the token may well be valid. The principal is a pseudonym of issuer and subject: subjects may be
 * personal (an e-mail address) and must not reach logs or events.
 */
export const jwtAuthenticator = (settings: JwtSettings) => {
  const key: KeyObject | Uint8Array | ReturnType<typeof remoteKeySet> =
    settings.key.kind === 'jwks'
      ? remoteKeySet(settings.key.url, settings.key.timeoutMs)
      : settings.key.kind === 'public-key'
        ? createPublicKey(settings.key.pem)
        : settings.key.secret;
  const options = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: [...settings.algorithms],
    clockTolerance: settings.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  return async (token: string): Promise<Principal> => {
    let payload: JWTPayload;
    try {
      payload =
        typeof key === 'function'
          ? (await jwtVerify(token, key, options)).payload
          : (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      if (error instanceof KeySetUnavailable) throw authUnavailable(error);
      throw unauthenticated(reasonOf(error), true);
    }
    const pseudonym = createHash('sha256')
      .update(`${settings.issuer}\n${String(payload.sub)}`)
      .digest('hex')
      .slice(0, 24);
    return { id: `jwt:${pseudonym}`, scopes: scopesOf(payload), via: 'jwt' };
  };
};
