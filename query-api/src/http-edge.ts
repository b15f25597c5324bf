import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { HttpProblem, problemResponder as sharedResponder } from '@orderflow/http-problem';
import { ProblemError } from './problem.ts';

// Connection-level failures of either store, and a read model whose table is not there yet
// (its projector has not run): the store cannot answer now, which is a 503, not a bug.
const unavailableErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '08000', // PostgreSQL connection_exception and its kin
  '08001',
  '08003',
  '08006',
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now
  '3F000', // invalid_schema_name
  '42P01', // undefined_table
]);
const unavailableMongoErrors = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly status?: unknown;
}

/** Any thrown value as a problem; never a stack trace or an internal message for a 5xx. */
export const toProblem = (error: unknown): HttpProblem => {
  if (error instanceof HttpProblem) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  if (typeof shape.code === 'string' && unavailableErrorCodes.has(shape.code)) {
    return new ProblemError('READ_MODEL_UNAVAILABLE');
  }
  if (typeof shape.name === 'string' && unavailableMongoErrors.has(shape.name)) {
    return new ProblemError('READ_MODEL_UNAVAILABLE');
  }
  // express's router: a path parameter that is not valid percent-encoding.
  if (error instanceof URIError && shape.status === 400) {
    return new ProblemError('VALIDATION_FAILED', error.message);
  }
  return new ProblemError('INTERNAL_ERROR');
};

// A consistency timeout is the client's bound running out, not a failure worth an error line.
export const problemResponder = (logger: Logger): ErrorRequestHandler =>
  sharedResponder({ logger, toProblem, quietCodes: ['CONSISTENCY_TIMEOUT'] });

export const notFound: RequestHandler = (request, _response, next) => {
  next(
    new ProblemError(
      'NOT_FOUND',
      `${request.method} ${request.path} is not a route of this service`,
    ),
  );
};

export const requestLog =
  (logger: Logger): RequestHandler =>
  (request: Request, response: Response, next) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      logger.info(
        {
          method: request.method,
          path: request.path,
          status: response.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          correlationId: request.get('x-correlation-id'),
        },
        'request',
      );
    });
    next();
  };
