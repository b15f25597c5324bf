import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { ProjectionName } from './projections.ts';
import type { ReadTargets } from './read-model-namespace.ts';

export interface ReadStores {
  readonly mongo: Db;
  readonly pg: Pool;
  /** Where each projection's live version is, fixed for the whole request. */
  readonly targets: ReadTargets;
}

export interface ReadAnswer {
  readonly body: unknown;
  /** A strong validator from the view's aggregate version: usable as If-Match on commands. */
  readonly etag?: string;
}

/**
 * One read endpoint: what it accepts (zod, which also documents it in OpenAPI), the projections
 * whose progress a consistency token is checked against, and how it reads.
 */
export interface ReadRoute<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
> {
  readonly operationId: string;
  readonly summary: string;
  /** Express path, e.g. `/v1/orders/:orderId`. */
  readonly path: string;
  readonly params: Params;
  readonly query: Query;
  readonly projections: readonly ProjectionName[];
  /** Problem codes besides validation and consistency ones, for the OpenAPI document. */
  readonly notFoundCode?: string;
  readonly read: (input: {
    readonly params: z.infer<Params>;
    readonly query: z.infer<Query>;
    readonly stores: ReadStores;
  }) => Promise<ReadAnswer>;
}

export const readRoute = <Params extends z.ZodType, Query extends z.ZodType>(
  route: ReadRoute<Params, Query>,
) => route as unknown as ReadRoute;
