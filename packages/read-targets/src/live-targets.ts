import type { Pool, PoolClient } from 'pg';
import { TargetSnapshot } from './live-target.ts';
import { isMissingRegistry, quoteIdentifier, targetsChannel } from './registry-schema.ts';

export interface LiveTargetsOptions {
  readonly pool: Pool;
  readonly schema: string;
  /** How long a snapshot is trusted without a notification (default 1000 ms). */
  readonly ttlMs?: number;
  /**
   * LISTEN for switches on a connection of its own (taken from the pool until `close`): a switch
   * is seen within milliseconds instead of within `ttlMs`. Off by default, so an owner that
   * never calls `close` cannot keep its pool from ending.
   */
  readonly listen?: boolean;
  readonly onError?: (error: unknown) => void;
}

/**
 * The live versions as the query API and the projector see them: cached, invalidated at once by
 * the registry's NOTIFY, and re-read after `ttlMs` anyway in case a notification was lost (the
 * listening connection dropped). A refresh that started before an invalidation is not trusted.
 */
export class LiveTargets {
  private cached: { snapshot: TargetSnapshot; readAt: number; epoch: number } | undefined;
  private epoch = 0;
  private listener: PoolClient | undefined;
  /** The LISTEN being set up: concurrent snapshots share it instead of each taking a client. */
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: LiveTargetsOptions) {}

  async snapshot(): Promise<TargetSnapshot> {
    const cached = this.cached;
    const ttl = this.options.ttlMs ?? 1000;
    if (cached?.epoch === this.epoch && Date.now() - cached.readAt < ttl) return cached.snapshot;
    const epoch = this.epoch;
    try {
      await this.ensureListening();
      const versions = await readLiveVersions(this.options.pool, this.options.schema);
      const snapshot = new TargetSnapshot(this.options.schema, versions, epoch);
      this.cached = { snapshot, readAt: Date.now(), epoch };
      return snapshot;
    } catch (error) {
      // The registry is unreachable: reads keep going to the last known targets (a switch
      // needs this same database, so one made meanwhile is seen once it answers again).
      this.options.onError?.(error);
      if (cached) return cached.snapshot;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    if (listener) {
      await listener.query(`unlisten ${targetsChannel}`).catch(() => undefined);
      listener.release();
    }
  }

  /** A method, not the field: the compiler would assume the field unchanged across an await. */
  private isClosed(): boolean {
    return this.closed;
  }

  private ensureListening(): Promise<void> {
    if (this.listener || this.closed || this.options.listen !== true) return Promise.resolve();
    // Without this, every snapshot taken while the first LISTEN connects would take (and leak)
    // a pooled client of its own: a burst of reads then exhausts the pool for good.
    this.connecting ??= this.listen().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async listen(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('notification', () => {
      this.epoch += 1;
    });
    client.on('error', (error) => {
      // The connection is gone: notifications may be missed until a new one listens.
      this.options.onError?.(error);
      if (this.listener === client) this.listener = undefined;
      this.epoch += 1;
      client.release(error);
    });
    try {
      await client.query(`listen ${targetsChannel}`);
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    if (this.isClosed()) {
      // Closed while connecting: a client kept now would never be released, and the pool's
      // end() would wait for it forever.
      client.release();
      return;
    }
    this.listener = client;
  }
}

export const readLiveVersions = async (
  pool: Pool,
  schema: string,
): Promise<ReadonlyMap<string, number>> => {
  try {
    const { rows } = await pool.query<{ projection: string; live_version: number }>(
      `select projection, live_version from ${quoteIdentifier(schema)}.projection_targets`,
    );
    return new Map(rows.map((row) => [row.projection, row.live_version]));
  } catch (error) {
    if (isMissingRegistry(error)) return new Map();
    throw error;
  }
};
