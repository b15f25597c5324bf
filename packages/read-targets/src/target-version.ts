import type { VersionState } from './registry-schema.ts';

export interface TargetVersion {
  readonly projection: string;
  readonly version: number;
  readonly state: VersionState;
  readonly groupId: string;
  readonly fromTime: Date | null;
  readonly createdAt: Date;
  readonly readyAt: Date | null;
  readonly events: number;
  readonly eventsPerSecond: number | null;
  readonly lag: number | null;
  readonly phase: string | null;
  readonly updatedAt: Date;
}

export interface ProjectionEntry {
  readonly projection: string;
  readonly liveVersion: number;
  readonly lockOwner: string | null;
  readonly lockHeartbeatAt: Date | null;
  readonly switchedAt: Date | null;
}

export interface VersionRow {
  projection: string;
  version: number;
  state: VersionState;
  group_id: string;
  from_time: Date | null;
  created_at: Date;
  ready_at: Date | null;
  events: string;
  events_per_second: number | null;
  lag: string | null;
  phase: string | null;
  updated_at: Date;
}

export const versionOf = (row: VersionRow): TargetVersion => ({
  projection: row.projection,
  version: row.version,
  state: row.state,
  groupId: row.group_id,
  fromTime: row.from_time,
  createdAt: row.created_at,
  readyAt: row.ready_at,
  events: Number(row.events),
  eventsPerSecond: row.events_per_second,
  lag: row.lag === null ? null : Number(row.lag),
  phase: row.phase,
  updatedAt: row.updated_at,
});
