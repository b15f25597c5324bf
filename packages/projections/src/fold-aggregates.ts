import type { EventEnvelope, KeyedReadModel } from './read-model.ts';

export interface StoredView {
  readonly version: number;
  readonly view: unknown;
}

export interface FoldedView {
  readonly id: string;
  /** The version stored before this batch, or undefined for a new view. */
  readonly previousVersion: number | undefined;
  readonly version: number;
  readonly view: unknown;
}

export interface PoisonEvent {
  readonly envelope: EventEnvelope;
  readonly reason: string;
}

export interface FoldResult {
  readonly views: FoldedView[];
  /** Events whose fold threw, and the later events of their aggregates in this batch. */
  readonly poisoned: PoisonEvent[];
}

/**
 * Folds a batch into the stored views, aggregate by aggregate. Events at or below the stored
 * version are skipped (duplicates, replays). An event that makes evolve throw parks itself and
 * every later event of its aggregate; the view keeps what was folded before it.
 */
export const foldAggregates = (
  model: KeyedReadModel<unknown>,
  envelopes: readonly EventEnvelope[],
  stored: ReadonlyMap<string, StoredView>,
): FoldResult => {
  const byAggregate = new Map<string, EventEnvelope[]>();
  for (const envelope of envelopes)
    byAggregate.set(envelope.aggregateId, [
      ...(byAggregate.get(envelope.aggregateId) ?? []),
      envelope,
    ]);

  const views: FoldedView[] = [];
  const poisoned: PoisonEvent[] = [];
  for (const [id, events] of byAggregate) {
    const before = stored.get(id);
    let view: unknown = before?.view ?? null;
    let version = before?.version ?? 0;
    for (const [index, envelope] of events.entries()) {
      if (envelope.version <= version) continue;
      try {
        view = model.evolve(view, envelope);
        version = envelope.version;
      } catch (error) {
        const reason = `evolve failed: ${error instanceof Error ? error.message : String(error)}`;
        poisoned.push(
          { envelope, reason },
          ...events.slice(index + 1).map((later) => ({
            envelope: later,
            reason: `blocked by ${envelope.position.topic}/${envelope.position.partition}@${envelope.position.offset}`,
          })),
        );
        break;
      }
    }
    if (version > (before?.version ?? 0))
      views.push({ id, previousVersion: before?.version, version, view });
  }
  return { views, poisoned };
};
