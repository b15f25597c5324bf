import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { ProblemError } from './problem.ts';

const maxWaitSeconds = 30;
const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,128}$/;

/** `If-Match: "3"` (or W/"3"): the version the client last saw. */
export const expectedVersionOf = (request: Request): number | null => {
  const value = request.get('if-match');
  if (value === undefined) return null;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim());
  if (!match)
    throw new ProblemError(
      'INVALID_HEADER',
      `If-Match must be an aggregate version such as "3", got ${value}`,
    );
  return Number(match[1]);
};

/** `Idempotency-Key` becomes the command id: the same key is the same command, forever. */
export const commandIdOf = (request: Request): string => {
  const key = request.get('idempotency-key');
  if (key === undefined) return randomUUID();
  if (!idempotencyKeyPattern.test(key)) {
    throw new ProblemError(
      'INVALID_HEADER',
      'Idempotency-Key must be 8 to 128 characters of letters, digits and . _ : -',
    );
  }
  return key;
};

/** `Prefer: wait=N` (RFC 7240): how many seconds the client will wait for the outcome. */
export const preferredWaitSeconds = (request: Request): number | undefined => {
  const prefer = request.get('prefer');
  const match = prefer ? /(?:^|[\s,;])wait=(\d+)/i.exec(prefer) : null;
  if (!match) return undefined;
  return Math.min(Number(match[1]), maxWaitSeconds);
};

export const correlationIdOf = (request: Request): string => {
  const value = request.get('x-correlation-id');
  return value && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
};
