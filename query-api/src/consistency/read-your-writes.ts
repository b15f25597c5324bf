import type { Request } from 'express';
import { ProblemError } from '../problem.ts';
import {
  projectionDefinition,
  projectionsToAwait,
  topicsOf,
  type ProjectionName,
} from '../projections.ts';
import { awaitProjections } from './await-projections.ts';
import { parseConsistencyToken, type ConsistencyToken } from './consistency-token.ts';
import type { ReadProgress } from './progress-sources.ts';
import type { ProgressStore } from '../projections.ts';

export const consistencyHeader = 'X-Consistency-Token';

/** The request's token, undefined without the header, a 400 when it is not a token. */
export const consistencyTokenOf = (request: Request): ConsistencyToken | undefined => {
  const header = request.get(consistencyHeader);
  if (header === undefined) return undefined;
  const token = parseConsistencyToken(header.trim());
  if (!token) {
    throw new ProblemError(
      'INVALID_CONSISTENCY_TOKEN',
      `send ${consistencyHeader} exactly as a command response gave it (consistencyToken)`,
    );
  }
  return token;
};

export interface ReadYourWritesOptions {
  readonly token: ConsistencyToken;
  readonly routeProjections: readonly ProjectionName[];
  readonly readers: Readonly<Record<ProgressStore, ReadProgress>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Waits until every projection behind the route has applied the token's events. Past the bound
 * it is a 503, never a silently stale answer.
 */
export const readYourWrites = async (options: ReadYourWritesOptions): Promise<void> => {
  const { token, routeProjections } = options;
  const awaited = projectionsToAwait(routeProjections, token.topic);
  if (awaited.length === 0) {
    throw new ProblemError(
      'CONSISTENCY_TOKEN_NOT_APPLICABLE',
      `this resource is built from ${topicsOf(routeProjections).join(', ')}, the token is for ${token.topic}`,
    );
  }
  const outcome = await awaitProjections({
    token,
    timeoutMs: options.timeoutMs,
    projections: awaited.map((name) => ({
      name,
      readProgress: options.readers[projectionDefinition(name).store],
    })),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!outcome.reached) {
    throw new ProblemError(
      'CONSISTENCY_TIMEOUT',
      `${outcome.behind.join(', ')} had not reached the token's position within ${String(options.timeoutMs)} ms`,
      { projections: outcome.behind },
    );
  }
};
