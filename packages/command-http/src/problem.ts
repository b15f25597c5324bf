import { HttpProblem } from '@orderflow/http-problem';
import { securityProblems } from '@orderflow/http-security';

/**
 * Every error a client of a command service can get, with its HTTP status, in one place. Codes
 * are stable: clients switch on `code`, never on `title` or `detail`. Answered as
 * application/problem+json (RFC 9457) by @orderflow/http-problem.
 */
export const problemCatalogue = {
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  VALIDATION_FAILED: { status: 400, title: 'The request is invalid' },
  INVALID_HEADER: { status: 400, title: 'A request header is invalid' },
  INVALID_COMMAND: { status: 400, title: 'The command could not be processed' },
  NOT_FOUND: { status: 404, title: 'No such resource' },
  COMMAND_NOT_FOUND: { status: 404, title: 'No command with this id is known' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this resource' },
  VERSION_CONFLICT: { status: 409, title: 'The aggregate has moved on since the expected version' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send the body as application/json' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was used for a different request',
  },
  BUSINESS_RULE_VIOLATED: { status: 422, title: 'A business rule refused the command' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service cannot take commands right now' },
  INTERNAL_ERROR: { status: 500, title: 'Unexpected error' },
  ...securityProblems,
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalogue;

export class ProblemError extends HttpProblem {
  override readonly name = 'ProblemError';

  constructor(
    readonly catalogueCode: ProblemCode,
    detail?: string,
    extensions: Record<string, unknown> = {},
    /** A domain's own code (e.g. LIMIT_EXCEEDED) shown instead of the catalogue's. */
    domainCode?: string,
  ) {
    super(domainCode ?? catalogueCode, problemCatalogue[catalogueCode], { detail, extensions });
  }
}

/** Domain refusals whose code says the aggregate does not exist are a 404, the rest a 422. */
export const isNotFoundCode = (code: string) => code.endsWith('_NOT_FOUND');
