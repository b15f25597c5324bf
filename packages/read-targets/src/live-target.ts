import { mongoCollectionOf, pgSchemaOf, progressNameOf } from './target-names.ts';

/** The version of a projection that the query API reads and the live projector writes. */
export interface LiveTarget {
  readonly projection: string;
  readonly version: number;
  readonly groupId: string;
}

/**
 * One consistent view of every projection's live version, taken once per request: all the
 * reads of a request (and its consistency wait) use the same targets, so none sees a mix.
 */
export class TargetSnapshot {
  constructor(
    private readonly baseSchema: string,
    private readonly versions: ReadonlyMap<string, number>,
    /** Increases with every change the snapshot has seen; for logs and tests. */
    readonly generation: number,
  ) {}

  versionOf(projection: string): number {
    return this.versions.get(projection) ?? 1;
  }

  collection(projection: string, baseCollection: string): string {
    return mongoCollectionOf(baseCollection, this.versionOf(projection));
  }

  schema(projection: string): string {
    return pgSchemaOf(this.baseSchema, this.versionOf(projection));
  }

  progressName(projection: string): string {
    return progressNameOf(projection, this.versionOf(projection));
  }
}
