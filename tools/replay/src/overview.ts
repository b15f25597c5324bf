import { catalog, describeTarget } from './catalog.ts';
import type { Connections } from './connections.ts';
import { lockStaleMs } from './lock-keeper.ts';
import { lagOf, sourceTopics, targetCheckpoint, topicBounds } from './positions.ts';

export interface ProjectionRow {
  readonly projection: string;
  readonly liveVersion: number;
  readonly target: string;
  /** Records the live target has yet to apply. */
  readonly lag: number;
  readonly state: string;
  readonly versions: readonly number[];
}

export interface RebuildRow {
  readonly projection: string;
  readonly version: number;
  readonly state: string;
  readonly live: boolean;
  readonly phase: string | null;
  readonly events: number;
  readonly eventsPerSecond: number | null;
  readonly lag: number | null;
  readonly updatedAt: string;
  /** For a version being built: is a run holding the lock (running) or did it stop (stale)? */
  readonly run: 'running' | 'stopped' | null;
  readonly owner: string | null;
}

const lockState = (heartbeatAt: Date | null) =>
  heartbeatAt && Date.now() - heartbeatAt.getTime() < lockStaleMs() ? 'running' : 'stopped';

/** `list`: every projection, its live target, how far behind it is, and any rebuild. */
export const listProjections = async (connections: Connections): Promise<ProjectionRow[]> => {
  const [entries, versions] = await Promise.all([
    connections.registry.entries(),
    connections.registry.versionsOf(),
  ]);
  // A source topic its context has not created yet (a fresh cluster) holds nothing to apply.
  const existing = new Set(await connections.admin.listTopics());
  const rows: ProjectionRow[] = [];
  for (const entry of catalog.values()) {
    const name = entry.model.name;
    const registered = entries.get(name);
    const live = registered?.liveVersion ?? 1;
    const topics = sourceTopics(entry).filter((topic) => existing.has(topic));
    const { low, high } = await topicBounds(connections.admin, topics);
    const checkpoint = await targetCheckpoint(connections, entry, live);
    const own = versions.filter((v) => v.projection === name);
    const building = own.find((v) => v.state === 'building');
    rows.push({
      projection: name,
      liveVersion: live,
      target: describeTarget(entry, connections.schema, live),
      lag: lagOf(checkpoint, low, high),
      state: building
        ? `rebuilding v${String(building.version)} (${building.phase ?? 'started'}, ${lockState(registered?.lockHeartbeatAt ?? null)})`
        : 'live',
      versions: [...new Set([live, ...own.map((v) => v.version)])].sort((a, b) => a - b),
    });
  }
  return rows;
};

/** `status`: the rebuilds, running and past, with their last reported progress. */
export const rebuildStatus = async (
  connections: Connections,
  projection?: string,
): Promise<RebuildRow[]> => {
  const [entries, versions] = await Promise.all([
    connections.registry.entries(),
    connections.registry.versionsOf(projection),
  ]);
  return versions.map((v) => {
    const registered = entries.get(v.projection);
    return {
      projection: v.projection,
      version: v.version,
      state: v.state,
      live: (registered?.liveVersion ?? 1) === v.version,
      phase: v.phase,
      events: v.events,
      eventsPerSecond: v.eventsPerSecond,
      lag: v.lag,
      updatedAt: v.updatedAt.toISOString(),
      run: v.state === 'building' ? lockState(registered?.lockHeartbeatAt ?? null) : null,
      owner: v.state === 'building' ? (registered?.lockOwner ?? null) : null,
    };
  });
};
