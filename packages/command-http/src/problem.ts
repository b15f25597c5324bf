/**
 * Every error a client can get, with its HTTP status, in one place. Codes are stable: clients
 * switch on `code`, never on `title` or `detail`. Answered as application/problem+json (RFC 9457).
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
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalogue;

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export class ProblemError extends Error {
  override readonly name = 'ProblemError';

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** A domain's own code (e.g. LIMIT_EXCEEDED) shown instead of the catalogue's. */
    readonly domainCode?: string,
  ) {
    super(detail ?? problemCatalogue[code].title);
  }

  get status(): number {
    return problemCatalogue[this.code].status;
  }

  body(instance?: string): ProblemBody {
    const code = this.domainCode ?? this.code;
    return {
      type: `https://orderflow.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: problemCatalogue[this.code].title,
      status: this.status,
      code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

/** Domain refusals whose code says the aggregate does not exist are a 404, the rest a 422. */
export const isNotFoundCode = (code: string) => code.endsWith('_NOT_FOUND');
