import { BSON } from 'mongodb';
import type { StoredView } from '../fold-aggregates.ts';

// Enough for the aggregates a projector touches in a busy stretch, small enough for its heap
// (order details run to a few kB a view): a view that fell out is read with the batch's misses.
export const defaultCachedViews = 10_000;

/**
 * The views a sink last wrote, by id. While this member owns an aggregate's partition nobody
 * else writes its view, so the store still holds what was written and the next batch need not
 * read it back (FerretDB 1.x does not push `_id: {$in}` down to PostgreSQL: that read scans
 * the whole collection). It is a hint, never the authority: every write stays guarded by the
 * version it assumes, so an entry gone stale (a rebalance, a second writer) only makes that
 * write match nothing; the sink then forgets everything and the retried batch reads the store.
 */
export class OwnedViewCache {
  private readonly views = new Map<string, StoredView>();

  constructor(private readonly capacity = defaultCachedViews) {}

  get size(): number {
    return this.views.size;
  }

  get(id: string): StoredView | undefined {
    return this.views.get(id);
  }

  /**
   * Keeps the view as the store will return it (a BSON round trip: `undefined` becomes null, and
   * the like), so a fold from the cache equals a fold from a read. The oldest entries go first
   * once the cache is full: a miss only costs a read.
   */
  remember(id: string, view: StoredView): void {
    // ignoreUndefined: false, as the driver sends it (undefined is stored as null).
    const stored = BSON.deserialize(
      BSON.serialize({ v: view.view }, { ignoreUndefined: false }),
    ) as {
      v: unknown;
    };
    this.views.delete(id);
    this.views.set(id, { version: view.version, view: stored.v });
    for (const oldest of this.views.keys()) {
      if (this.views.size <= this.capacity) break;
      this.views.delete(oldest);
    }
  }

  clear(): void {
    this.views.clear();
  }
}
