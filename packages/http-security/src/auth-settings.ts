import { createHash } from 'node:crypto';
import { z } from 'zod';
import { scopes, type Scope } from './principal.ts';

/** Bad or missing security configuration: the process must not start with it. */
export class AuthConfigurationError extends Error {
  override readonly name = 'AuthConfigurationError';
}

export interface ApiKeyEntry {
  /** A name for the key's holder (a service, a team): the principal, never a person. */
  readonly id: string;
  /** SHA-256 of the key: the key itself is never kept. */
  readonly sha256: Buffer;
  readonly scopes: ReadonlySet<Scope>;
}

export type JwtKeySource =
  | { readonly kind: 'jwks'; readonly url: URL; readonly timeoutMs: number }
  | { readonly kind: 'public-key'; readonly pem: string }
  | { readonly kind: 'secret'; readonly secret: Uint8Array };

export type AuthSettings =
  | { readonly mode: 'insecure' }
  | { readonly mode: 'api-keys'; readonly keys: readonly ApiKeyEntry[] }
  | {
      readonly mode: 'jwt';
      readonly key: JwtKeySource;
      readonly issuer: string;
      readonly audience: string;
      readonly algorithms: readonly string[];
      readonly clockToleranceSeconds: number;
    };

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

const apiKeySchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ -'),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, '64 hex digits')
      .optional(),
    key: z.string().min(16, 'at least 16 characters').optional(),
    scopes: z.array(z.enum(scopes)).min(1),
  })
  .refine((entry) => (entry.sha256 === undefined) !== (entry.key === undefined), {
    message: 'give exactly one of sha256 (preferred) or key',
  });
const apiKeysSchema = z.array(apiKeySchema).min(1, 'at least one key');

const fail = (variable: string, message: string): never => {
  throw new AuthConfigurationError(`${variable}: ${message} (see README, Security)`);
};

const parseApiKeys = (raw: string | undefined): ApiKeyEntry[] => {
  if (!raw) return fail('ORDERFLOW_API_KEYS', 'required when ORDERFLOW_AUTH_MODE=api-keys');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // Never echo the value: it may hold keys.
    return fail('ORDERFLOW_API_KEYS', 'is not valid JSON');
  }
  const parsed = apiKeysSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`);
    return fail('ORDERFLOW_API_KEYS', issues.join('; '));
  }
  const entries = parsed.data.map((entry) => ({
    id: entry.id,
    sha256: Buffer.from(entry.sha256 ?? sha256Hex(entry.key ?? ''), 'hex'),
    scopes: new Set(entry.scopes),
  }));
  const ids = new Set(entries.map((entry) => entry.id));
  if (ids.size !== entries.length) fail('ORDERFLOW_API_KEYS', 'key ids must be unique');
  const hashes = new Set(entries.map((entry) => entry.sha256.toString('hex')));
  if (hashes.size !== entries.length) fail('ORDERFLOW_API_KEYS', 'the same key is listed twice');
  return entries;
};

const asymmetricAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
const hmacAlgorithms = ['HS256', 'HS384', 'HS512'];

const jwtKeySource = (env: NodeJS.ProcessEnv): JwtKeySource => {
  const jwks = env.ORDERFLOW_JWT_JWKS_URL?.trim();
  const pem = env.ORDERFLOW_JWT_PUBLIC_KEY?.trim();
  const secret = env.ORDERFLOW_JWT_SECRET;
  const given = [jwks, pem, secret].filter(Boolean).length;
  if (given !== 1) {
    return fail(
      'ORDERFLOW_JWT_JWKS_URL / ORDERFLOW_JWT_PUBLIC_KEY / ORDERFLOW_JWT_SECRET',
      `set exactly one in jwt mode (${String(given)} set)`,
    );
  }
  if (jwks) {
    const url = URL.canParse(jwks) ? new URL(jwks) : fail('ORDERFLOW_JWT_JWKS_URL', 'not a URL');
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      fail('ORDERFLOW_JWT_JWKS_URL', 'must be https (plain http only on loopback)');
    const timeoutMs = Number(env.ORDERFLOW_JWT_JWKS_TIMEOUT_MS ?? 5000);
    // A request waits at most this long for the key set: bounded, and well under a client's.
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 30_000)
      fail('ORDERFLOW_JWT_JWKS_TIMEOUT_MS', 'an integer number of milliseconds, 100 to 30000');
    return { kind: 'jwks', url, timeoutMs };
  }
  if (pem) {
    if (!pem.includes('-----BEGIN PUBLIC KEY-----'))
      fail('ORDERFLOW_JWT_PUBLIC_KEY', 'must be a PEM SPKI public key (BEGIN PUBLIC KEY)');
    return { kind: 'public-key', pem };
  }
  const bytes = new TextEncoder().encode(secret);
  // RFC 7518 3.2: an HMAC key at least as long as the hash output.
  if (bytes.length < 32) fail('ORDERFLOW_JWT_SECRET', 'must be at least 32 bytes');
  return { kind: 'secret', secret: bytes };
};

const parseJwt = (env: NodeJS.ProcessEnv): AuthSettings => {
  const key = jwtKeySource(env);
  const issuer = env.ORDERFLOW_JWT_ISSUER?.trim() || fail('ORDERFLOW_JWT_ISSUER', 'required');
  const audience = env.ORDERFLOW_JWT_AUDIENCE?.trim() || fail('ORDERFLOW_JWT_AUDIENCE', 'required');
  const allowed = key.kind === 'secret' ? hmacAlgorithms : asymmetricAlgorithms;
  const algorithms =
    env.ORDERFLOW_JWT_ALGORITHMS?.split(',')
      .map((name) => name.trim())
      .filter(Boolean) ?? (key.kind === 'secret' ? ['HS256'] : asymmetricAlgorithms);
  const wrong = algorithms.filter((name) => !allowed.includes(name));
  // Mixing families is how "alg confusion" attacks work: an HS token signed with a public key.
  if (wrong.length > 0 || algorithms.length === 0)
    fail('ORDERFLOW_JWT_ALGORITHMS', `for this key use some of ${allowed.join(', ')}`);
  const tolerance = Number(env.ORDERFLOW_JWT_CLOCK_TOLERANCE_S ?? 30);
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300)
    fail('ORDERFLOW_JWT_CLOCK_TOLERANCE_S', 'an integer number of seconds, 0 to 300');
  return { mode: 'jwt', key, issuer, audience, algorithms, clockToleranceSeconds: tolerance };
};

/**
 * Reads the security settings. There is no default mode: a process without ORDERFLOW_AUTH_MODE
 * refuses to start, so a forgotten variable can never mean an open API.
 */
export const authSettings = (env: NodeJS.ProcessEnv = process.env): AuthSettings => {
  const mode = env.ORDERFLOW_AUTH_MODE?.trim();
  switch (mode) {
    case 'insecure':
      return { mode: 'insecure' };
    case 'api-keys':
      return { mode: 'api-keys', keys: parseApiKeys(env.ORDERFLOW_API_KEYS) };
    case 'jwt':
      return parseJwt(env);
    case undefined:
    case '':
      return fail(
        'ORDERFLOW_AUTH_MODE',
        'not set; set api-keys or jwt, or insecure (only for local development)',
      );
    default:
      return fail('ORDERFLOW_AUTH_MODE', `unknown mode "${mode}"; use api-keys, jwt or insecure`);
  }
};
