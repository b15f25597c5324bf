/**
 * One problem a client can get (RFC 9457). Each service keeps its own catalogue of codes; this
 * type only knows how a catalogue entry becomes an answer, so every service answers alike.
 */
export interface ProblemDefinition {
  readonly status: number;
  readonly title: string;
  /** Sent as Retry-After: the condition is expected to clear on its own. */
  readonly retryAfterSeconds?: number;
}

export type ProblemCatalogue = Readonly<Record<string, ProblemDefinition>>;

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export interface ProblemOptions {
  readonly detail?: string | undefined;
  /** Extension members of the body, e.g. `errors` or the ids the problem is about. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers the problem needs (WWW-Authenticate, RateLimit, a computed Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const problemTypeUri = (code: string) =>
  `https://orderflow.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;

/** Thrown anywhere in a request; the responder turns it into the answer. */
export class HttpProblem extends Error {
  override readonly name: string = 'HttpProblem';
  readonly detail: string | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    /** The stable SCREAMING_SNAKE code clients switch on. */
    readonly code: string,
    readonly definition: ProblemDefinition,
    options: ProblemOptions = {},
  ) {
    super(options.detail ?? definition.title);
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return this.definition.status;
  }

  get retryAfterSeconds(): number | undefined {
    return this.definition.retryAfterSeconds;
  }

  body(instance?: string): ProblemBody {
    return {
      type: problemTypeUri(this.code),
      title: this.definition.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}
