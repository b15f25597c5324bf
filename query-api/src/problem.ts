import { HttpProblem, type ProblemDefinition } from '@orderflow/http-problem';
import { securityProblems } from '@orderflow/http-security';

/**
 * Every error a client of the query API can get, with its HTTP status, in one place. Codes are
 * stable: clients switch on `code`, never on `title` or `detail`. Answered as
 * application/problem+json (RFC 9457) by @orderflow/http-problem.
 */
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
  ...securityProblems,
} as const satisfies Record<string, ProblemDefinition>;

export type ProblemCode = keyof typeof problemCatalogue;

export const definitionOf = (code: ProblemCode): ProblemDefinition => problemCatalogue[code];

export class ProblemError extends HttpProblem {
  override readonly name = 'ProblemError';

  constructor(
    override readonly code: ProblemCode,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(code, problemCatalogue[code], { detail, extensions });
  }
}
