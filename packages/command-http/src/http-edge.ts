import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { problemResponder as sharedResponder } from '@orderflow/http-problem';
import { ProblemError } from './problem.ts';

const maxBodyBytes = 64 * 1024;
const jsonParser = express.json({ limit: maxBodyBytes, strict: true, type: () => true });

/** Commands are JSON: anything else is a 415 before a byte of it is parsed. */
const requireJsonContentType: RequestHandler = (request, _response, next) => {
  const declared = request.get('content-type');
  const hasBody =
    Number(request.get('content-length') ?? 0) > 0 ||
    request.get('transfer-encoding') !== undefined;
  if (hasBody && !request.is('application/json')) {
    next(new ProblemError('UNSUPPORTED_MEDIA_TYPE', `got ${declared ?? 'no Content-Type'}`));
    return;
  }
  next();
};

export const jsonBody = [requireJsonContentType, jsonParser];

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly message?: string;
}

/** Errors of the JSON parser, of validation, of anything: always problem+json with a stable code. */
export const problemResponder = (logger: Logger): ErrorRequestHandler =>
  sharedResponder({ logger, toProblem });

const toProblem = (error: unknown): ProblemError => {
  const parserError = error as BodyParserError;
  if (parserError.type === 'entity.too.large')
    return new ProblemError('PAYLOAD_TOO_LARGE', `the limit is ${maxBodyBytes} bytes`);
  if (parserError.type === 'entity.parse.failed')
    return new ProblemError('MALFORMED_JSON', parserError.message);
  if (parserError.type === 'charset.unsupported' || parserError.type === 'encoding.unsupported') {
    return new ProblemError('UNSUPPORTED_MEDIA_TYPE', parserError.message);
  }
  return new ProblemError('INTERNAL_ERROR');
};

export const notFound: RequestHandler = (request, _response, next) => {
  next(
    new ProblemError(
      'NOT_FOUND',
      `${request.method} ${request.path} is not a route of this service`,
    ),
  );
};
