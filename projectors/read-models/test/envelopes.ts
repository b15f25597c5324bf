import type { DomainEvent } from '@orderflow/kernel';
import type { EventEnvelope, KeyedReadModel } from '@orderflow/projections';

export const startedAt = Date.parse('2025-03-14T23:58:00.000Z');

/** The instant of the n-th event of a stream: one minute apart, so a stream can cross midnight. */
export const instantOf = (version: number) => new Date(startedAt + version * 60_000).toISOString();

/**
 * The envelopes an aggregate's events arrive in: versions from 1, recorded a minute apart, at
 * consecutive offsets. Ids derive from the position so that two builds compare equal.
 */
export const streamOf = (
  context: string,
  aggregateId: string,
  events: readonly DomainEvent[],
): EventEnvelope[] =>
  events.map((event, index) => {
    const version = index + 1;
    const hex = version.toString(16).padStart(12, '0');
    return {
      event,
      context,
      aggregateId,
      version,
      eventId: `0000000${String(context.length)}-0000-8000-8000-${hex}`,
      occurredAt: instantOf(version),
      correlationId: `corr-${aggregateId}`,
      causationId: version === 1 ? null : `cmd-${aggregateId}-${String(version - 1)}`,
      commandId: `cmd-${aggregateId}-${String(version)}`,
      position: { topic: `${context}.events`, partition: 3, offset: String(1000 + index) },
    };
  });

/** Folds a whole stream, starting from no view, as the keyed sink does over its history. */
export const foldStream = <V>(model: KeyedReadModel<V>, envelopes: readonly EventEnvelope[]) =>
  envelopes.reduce<V | null>((view, envelope) => model.evolve(view, envelope), null);

/** Every view a stream passes through, for asserting on intermediate states. */
export const viewsAlong = <V>(model: KeyedReadModel<V>, envelopes: readonly EventEnvelope[]) => {
  const views: (V | null)[] = [];
  envelopes.reduce<V | null>((view, envelope) => {
    const next = model.evolve(view, envelope);
    views.push(next);
    return next;
  }, null);
  return views;
};

/** An envelope from a context no read model here knows, shaped like a real one. */
export const foreignEnvelope = (aggregateId: string, version = 1): EventEnvelope => {
  const [envelope] = streamOf('shipping', aggregateId, [
    { type: 'ShipmentDispatched', data: { orderId: aggregateId } },
  ]);
  if (envelope === undefined) throw new Error('streamOf returned no envelope');
  return { ...envelope, version };
};

/** The same envelope relabelled with another context: the type alone must not be trusted. */
export const inContext = (envelope: EventEnvelope, context: string): EventEnvelope => ({
  ...envelope,
  context,
});

/** The envelope at `index`, failing the test loudly when a fixture is shorter than assumed. */
export const nth = (envelopes: readonly EventEnvelope[], index: number): EventEnvelope => {
  const envelope = envelopes.at(index);
  if (envelope === undefined) throw new Error(`no envelope at ${String(index)}`);
  return envelope;
};
