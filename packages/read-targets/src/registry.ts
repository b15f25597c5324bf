import type { Pool } from 'pg';
import { inTransaction } from './in-transaction.ts';
import type { LiveTarget } from './live-target.ts';
import {
  ensureRegistry,
  isMissingRegistry,
  quoteIdentifier,
  targetsChannel,
} from './registry-schema.ts';
import { initialGroupId } from './target-names.ts';
import {
  versionOf,
  type ProjectionEntry,
  type TargetVersion,
  type VersionRow,
} from './target-version.ts';

/** The durable registry of read-model targets, in `<schema>.projection_targets(_versions)`. */
export class TargetRegistry {
  private readonly targets: string;
  private readonly versions: string;

  constructor(
    readonly pool: Pool,
    readonly schema: string,
  ) {
    this.targets = `${quoteIdentifier(schema)}.projection_targets`;
    this.versions = `${quoteIdentifier(schema)}.projection_target_versions`;
  }

  prepare(): Promise<void> {
    return inTransaction(this.pool, (client) => ensureRegistry(client, this.schema));
  }

  async entries(): Promise<Map<string, ProjectionEntry>> {
    const rows = await this.readOrEmpty<{
      projection: string;
      live_version: number;
      lock_owner: string | null;
      lock_heartbeat_at: Date | null;
      switched_at: Date | null;
    }>(`select * from ${this.targets}`);
    return new Map(
      rows.map((row) => [
        row.projection,
        {
          projection: row.projection,
          liveVersion: row.live_version,
          lockOwner: row.lock_owner,
          lockHeartbeatAt: row.lock_heartbeat_at,
          switchedAt: row.switched_at,
        },
      ]),
    );
  }

  async versionsOf(projection?: string): Promise<TargetVersion[]> {
    const rows = await this.readOrEmpty<VersionRow>(
      `select * from ${this.versions} where ($1::text is null or projection = $1) order by projection, version`,
      [projection ?? null],
    );
    return rows.map(versionOf);
  }

  /** The live version and its consumer group: what the live projector runs. */
  async liveTarget(projection: string): Promise<LiveTarget> {
    const rows = await this.readOrEmpty<{ live_version: number; group_id: string | null }>(
      `select t.live_version, v.group_id from ${this.targets} t
         left join ${this.versions} v on v.projection = t.projection and v.version = t.live_version
        where t.projection = $1`,
      [projection],
    );
    const row = rows[0];
    const initial = initialGroupId(projection, this.schema);
    if (!row) return { projection, version: 1, groupId: initial };
    return { projection, version: row.live_version, groupId: row.group_id ?? initial };
  }

  /**
   * Takes the projection's rebuild lock for `owner` if it is free, already ours, or stale (its
   * owner stopped heartbeating: a crashed run). Returns the holder when someone else has it.
   */
  async acquireLock(
    projection: string,
    owner: string,
    staleAfterMs: number,
  ): Promise<
    | { acquired: true; tookOverFrom: string | null }
    | { acquired: false; holder: string; heartbeatAgeMs: number }
  > {
    return inTransaction(this.pool, async (client) => {
      await client.query(
        `insert into ${this.targets} (projection) values ($1) on conflict (projection) do nothing`,
        [projection],
      );
      const { rows } = await client.query<{ lock_owner: string | null; age_ms: number | null }>(
        `select lock_owner, (extract(epoch from now() - lock_heartbeat_at) * 1000)::float8 as age_ms
           from ${this.targets} where projection = $1 for update`,
        [projection],
      );
      const current = rows[0];
      const holder = current?.lock_owner ?? null;
      const age = current?.age_ms ?? Number.POSITIVE_INFINITY;
      if (holder !== null && holder !== owner && age < staleAfterMs)
        return { acquired: false as const, holder, heartbeatAgeMs: age };
      await client.query(
        `update ${this.targets} set lock_owner = $2, lock_heartbeat_at = now(), updated_at = now() where projection = $1`,
        [projection, owner],
      );
      return { acquired: true as const, tookOverFrom: holder === owner ? null : holder };
    });
  }

  /** False when the lock is no longer ours (taken over after we looked stale): stop at once. */
  async heartbeat(projection: string, owner: string): Promise<boolean> {
    const result = await this.pool.query(
      `update ${this.targets} set lock_heartbeat_at = now() where projection = $1 and lock_owner = $2`,
      [projection, owner],
    );
    return result.rowCount === 1;
  }

  async releaseLock(projection: string, owner: string): Promise<void> {
    await this.pool.query(
      `update ${this.targets} set lock_owner = null, lock_heartbeat_at = null, updated_at = now() where projection = $1 and lock_owner = $2`,
      [projection, owner],
    );
  }

  async createVersion(
    projection: string,
    version: number,
    groupId: string,
    fromTime: Date | null,
  ): Promise<void> {
    await this.pool.query(
      `insert into ${this.versions} (projection, version, state, group_id, from_time, phase) values ($1, $2, 'building', $3, $4, 'created')`,
      [projection, version, groupId, fromTime],
    );
  }

  /** Each run of a rebuild consumes in a group of its own, positioned at the checkpoint. */
  async setGroup(projection: string, version: number, groupId: string): Promise<void> {
    await this.pool.query(
      `update ${this.versions} set group_id = $3, updated_at = now() where projection = $1 and version = $2`,
      [projection, version, groupId],
    );
  }

  async setPhase(projection: string, version: number, phase: string): Promise<void> {
    await this.pool.query(
      `update ${this.versions} set phase = $3, updated_at = now() where projection = $1 and version = $2`,
      [projection, version, phase],
    );
  }

  async reportProgress(
    projection: string,
    version: number,
    report: { phase: string; events: number; eventsPerSecond: number | null; lag: number | null },
  ): Promise<void> {
    await this.pool.query(
      `update ${this.versions} set phase = $3, events = $4, events_per_second = $5, lag = $6, updated_at = now()
        where projection = $1 and version = $2`,
      [projection, version, report.phase, report.events, report.eventsPerSecond, report.lag],
    );
  }

  /**
   * Makes `version` live in one transaction, only while `owner` holds the lock: the new version
   * becomes ready, the previous live one retired (kept until dropped), and every listener is
   * notified when the transaction commits, so no reader sees a half-done switch.
   */
  async switchLive(projection: string, version: number, owner: string): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ live_version: number; lock_owner: string | null }>(
        `select live_version, lock_owner from ${this.targets} where projection = $1 for update`,
        [projection],
      );
      const current = rows[0];
      if (current?.lock_owner !== owner)
        throw new Error(`the rebuild lock of ${projection} is no longer held by this run`);
      await client.query(
        `update ${this.versions} set state = 'ready', ready_at = now(), phase = 'live', updated_at = now() where projection = $1 and version = $2`,
        [projection, version],
      );
      // Version 1 predates the registry: it gets its row when it is first retired.
      await client.query(
        `insert into ${this.versions} (projection, version, state, group_id, phase) values ($1, $2, 'retired', $3, 'retired')
         on conflict (projection, version) do nothing`,
        [projection, current.live_version, initialGroupId(projection, this.schema)],
      );
      await client.query(
        `update ${this.versions} set state = 'retired', retired_at = now(), phase = 'retired', updated_at = now() where projection = $1 and version = $2`,
        [projection, current.live_version],
      );
      await client.query(
        `update ${this.targets} set live_version = $2, switched_at = now(), updated_at = now() where projection = $1`,
        [projection, version],
      );
      await client.query(`select pg_notify($1, $2)`, [targetsChannel, projection]);
      return current.live_version;
    });
  }

  async forgetVersion(projection: string, version: number): Promise<void> {
    await this.pool.query(`delete from ${this.versions} where projection = $1 and version = $2`, [
      projection,
      version,
    ]);
  }

  private async readOrEmpty<R extends object>(sql: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      if (isMissingRegistry(error)) return [];
      throw error;
    }
  }
}
