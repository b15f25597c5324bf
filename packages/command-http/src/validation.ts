import type { z } from 'zod';
import { ProblemError } from './problem.ts';

/** Parses with zod or answers 400 naming every invalid field, not just the first. */
export const validated = <T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'path',
): z.infer<T> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  throw new ProblemError(
    'VALIDATION_FAILED',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    { errors },
  );
};
