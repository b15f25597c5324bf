import { describe, expect, it } from 'vitest';
import { toProblem } from '../src/http-edge.ts';
import { ProblemError, problemCatalogue } from '../src/problem.ts';

describe('problem catalogue', () => {
  it('maps every code to one status', () => {
    expect(
      Object.fromEntries(Object.entries(problemCatalogue).map(([code, p]) => [code, p.status])),
    ).toEqual({
      VALIDATION_FAILED: 400,
      INVALID_CONSISTENCY_TOKEN: 400,
      CONSISTENCY_TOKEN_NOT_APPLICABLE: 400,
      NOT_FOUND: 404,
      ORDER_NOT_FOUND: 404,
      PRODUCT_NOT_FOUND: 404,
      ACCOUNT_NOT_FOUND: 404,
      STREAM_NOT_FOUND: 404,
      PARKED_EVENT_NOT_FOUND: 404,
      PARKED_EVENT_NOT_PENDING: 409,
      INTERNAL_ERROR: 500,
      CONSISTENCY_TIMEOUT: 503,
      AUTH_UNAVAILABLE: 503,
      READ_MODEL_UNAVAILABLE: 503,
      UNAUTHENTICATED: 401,
      INSUFFICIENT_SCOPE: 403,
      RATE_LIMITED: 429,
    });
  });

  it('renders an RFC 9457 body with the stable code and the extensions', () => {
    const problem = new ProblemError('ORDER_NOT_FOUND', 'no order o-1', { orderId: 'o-1' });
    expect(problem.body('/v1/orders/o-1')).toEqual({
      type: 'https://orderflow.dev/problems/order-not-found',
      title: 'No order with this id is known',
      status: 404,
      code: 'ORDER_NOT_FOUND',
      detail: 'no order o-1',
      instance: '/v1/orders/o-1',
      orderId: 'o-1',
    });
  });

  it('asks to retry a consistency timeout after a second', () => {
    expect(new ProblemError('CONSISTENCY_TIMEOUT').retryAfterSeconds).toBe(1);
    expect(new ProblemError('ORDER_NOT_FOUND').retryAfterSeconds).toBeUndefined();
  });
});

describe('toProblem', () => {
  it('keeps a ProblemError as it is', () => {
    const problem = new ProblemError('VALIDATION_FAILED', 'x');
    expect(toProblem(problem)).toBe(problem);
  });

  it.each([
    ['a refused PostgreSQL connection', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    ['a missing read-model table', Object.assign(new Error('x'), { code: '42P01' })],
    [
      'an unreachable MongoDB',
      Object.assign(new Error('x'), { name: 'MongoServerSelectionError' }),
    ],
  ])('makes %s a 503 READ_MODEL_UNAVAILABLE', (_case, error) => {
    expect(toProblem(error).code).toBe('READ_MODEL_UNAVAILABLE');
  });

  it('makes a malformed path parameter a 400', () => {
    const error = Object.assign(new URIError('Failed to decode param'), {
      status: 400,
      expose: true,
    });
    expect(toProblem(error).body()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('hides anything else behind INTERNAL_ERROR, without its message', () => {
    const body = toProblem(new Error('password=hunter2 at /srv/app.ts:12')).body();
    expect(body).toEqual({
      type: 'https://orderflow.dev/problems/internal-error',
      title: 'Unexpected error',
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});
