/**
 * Every error a client of the query API can get, with its HTTP status, in one place. Codes are
 * stable: clients switch on `code`, never on `title` or `detail`. Answered as
 * application/problem+json (RFC 9457).
 */
interface ProblemDefinition {
  readonly status: number;
  readonly title: string;
  /** Sent as Retry-After: the condition is expected to clear on its own. */
  readonly retryAfterSeconds?: number;
}

export const problemCatalogue = {
  VALIDATION_FAILED: { status: 400, title: 'The request is invalid' },
  INVALID_CONSISTENCY_TOKEN: {
    status: 400,
    title: 'X-Consistency-Token is not a token a command service issued',
  },
  CONSISTENCY_TOKEN_NOT_APPLICABLE: {
    status: 400,
    title: 'The consistency token is for events this resource is not built from',
  },
  NOT_FOUND: { status: 404, title: 'No such resource' },
  ORDER_NOT_FOUND: { status: 404, title: 'No order with this id is known' },
  PRODUCT_NOT_FOUND: { status: 404, title: 'No product with this SKU is known' },
  ACCOUNT_NOT_FOUND: { status: 404, title: 'No account is known for this customer' },
  STREAM_NOT_FOUND: { status: 404, title: 'No events are known for this aggregate' },
  PARKED_EVENT_NOT_FOUND: { status: 404, title: 'No parked event with this id' },
  PARKED_EVENT_NOT_PENDING: {
    status: 409,
    title: 'The parked event was already retried, skipped or resolved',
  },
  INTERNAL_ERROR: { status: 500, title: 'Unexpected error' },
  CONSISTENCY_TIMEOUT: {
    status: 503,
    title: 'The read model has not caught up with the consistency token yet',
    retryAfterSeconds: 1,
  },
  READ_MODEL_UNAVAILABLE: {
    status: 503,
    title: 'A read model cannot be read right now',
    retryAfterSeconds: 5,
  },
} as const satisfies Record<string, ProblemDefinition>;

export type ProblemCode = keyof typeof problemCatalogue;

export const definitionOf = (code: ProblemCode): ProblemDefinition => problemCatalogue[code];

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
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
  ) {
    super(detail ?? problemCatalogue[code].title);
  }

  get status(): number {
    return problemCatalogue[this.code].status;
  }

  get retryAfterSeconds(): number | undefined {
    return definitionOf(this.code).retryAfterSeconds;
  }

  body(instance?: string): ProblemBody {
    return {
      type: `https://orderflow.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: problemCatalogue[this.code].title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}
