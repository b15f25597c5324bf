import { HttpProblem } from '@orderflow/http-problem';

/**
 * The refusals of the security edge, part of every service's catalogue. 401 and 403 are told
 * apart as HTTP means them: no or bad credentials vs. credentials without the needed scope.
 */
export const securityProblems = {
  UNAUTHENTICATED: { status: 401, title: 'Missing or invalid credentials' },
  INSUFFICIENT_SCOPE: { status: 403, title: 'The credentials lack the scope this route needs' },
  RATE_LIMITED: { status: 429, title: 'Too many requests from this client' },
  AUTH_UNAVAILABLE: {
    status: 503,
    title: 'Credentials cannot be checked right now',
    retryAfterSeconds: 5,
  },
} as const;

const realm = 'orderflow';

/** RFC 6750: a challenge naming the scheme, and why the presented token failed when it did. */
export const unauthenticated = (detail: string, tokenPresented: boolean) =>
  new HttpProblem('UNAUTHENTICATED', securityProblems.UNAUTHENTICATED, {
    detail,
    headers: {
      'WWW-Authenticate': tokenPresented
        ? `Bearer realm="${realm}", error="invalid_token", error_description="${detail.replaceAll('"', "'")}"`
        : `Bearer realm="${realm}"`,
    },
  });

export const insufficientScope = (needed: string) =>
  new HttpProblem('INSUFFICIENT_SCOPE', securityProblems.INSUFFICIENT_SCOPE, {
    detail: `this route needs the scope ${needed}`,
    extensions: { requiredScope: needed },
    headers: {
      'WWW-Authenticate': `Bearer realm="${realm}", error="insufficient_scope", scope="${needed}"`,
    },
  });

export const rateLimited = (retryAfterSeconds: number, headers: Record<string, string>) =>
  new HttpProblem('RATE_LIMITED', securityProblems.RATE_LIMITED, {
    detail: `retry after ${String(retryAfterSeconds)} s`,
    headers: { ...headers, 'Retry-After': String(retryAfterSeconds) },
  });

/**
 * The token's issuer could not be asked for its keys (JWKS down, slow, or answering garbage):
 * the client's token is not at fault, so not a 401 that would make it drop a valid token. The
 * cause goes to the log line of the 5xx (the responder's), never to the client.
 */
export const authUnavailable = (cause: unknown) => {
  const problem = new HttpProblem('AUTH_UNAVAILABLE', securityProblems.AUTH_UNAVAILABLE, {
    detail: "the token issuer's key set (JWKS) cannot be fetched; retry later",
  });
  problem.cause = cause;
  return problem;
};
