import type { z } from 'zod';
import { ProblemError } from './problem.ts';

export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly code: string;
}

const fieldErrors = (where: 'path' | 'query', error: z.ZodError): FieldError[] =>
  error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));

/** Path and query parsed with the route's schemas, or a 400 naming every invalid field. */
export const validatedRequest = <P extends z.ZodType, Q extends z.ZodType>(
  route: { readonly params: P; readonly query: Q },
  request: { readonly params: unknown; readonly query: unknown },
): { params: z.infer<P>; query: z.infer<Q> } => {
  const params = route.params.safeParse(request.params);
  const query = route.query.safeParse(request.query);
  if (params.success && query.success) return { params: params.data, query: query.data };
  const errors = [
    ...(params.success ? [] : fieldErrors('path', params.error)),
    ...(query.success ? [] : fieldErrors('query', query.error)),
  ];
  throw new ProblemError(
    'VALIDATION_FAILED',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    { errors },
  );
};
