import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpProblem } from './problem.ts';

/** Writes a problem as application/problem+json, with the headers it asks for. */
export const sendProblem = (response: Response, problem: HttpProblem, instance?: string) => {
  const retryAfter = problem.retryAfterSeconds;
  if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
  for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
  response.status(problem.status).type('application/problem+json').json(problem.body(instance));
};

export interface ProblemResponderOptions {
  readonly logger: Logger;
  /** The service's own mapping of a thrown value that is not an HttpProblem (parser errors, ...). */
  readonly toProblem: (error: unknown) => HttpProblem;
  /** 5xx problems that are expected conditions, not failures worth an error log line. */
  readonly quietCodes?: readonly string[];
}

/**
 * The last error handler of a service: everything becomes problem+json with a stable code, and
 * a 5xx is logged once here (never its internals in the body).
 */
export const problemResponder =
  (options: ProblemResponderOptions): ErrorRequestHandler =>
  (error: unknown, request, response, _next) => {
    const problem = error instanceof HttpProblem ? error : options.toProblem(error);
    if (problem.status >= 500 && !options.quietCodes?.includes(problem.code)) {
      options.logger.error({ err: error, path: request.path }, 'request failed');
    }
    sendProblem(response, problem, request.originalUrl);
  };
