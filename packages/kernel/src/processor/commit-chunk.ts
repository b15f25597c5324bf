import type { Batch } from 'kafkajs';
import type { Logger } from 'pino';
import { loggerFor } from '@orderflow/observability';
import type { Command, DomainEvent } from '../decider.ts';
import { decodeCommandRecord, type DecodedCommand } from '../messages/command-record.ts';
import { header, readHeader } from '../messages/headers.ts';
import type { AvroEventSerde } from '../serde/avro-event-serde.ts';
import type { ContextTopics } from '../topics/context-topics.ts';
import type { AggregateState, PartitionState } from './aggregate-state.ts';
import type { CommandContext } from './command-context.ts';
import { startCommandSpans } from './command-spans.ts';
import type { CommittedBatch } from './committed-batch.ts';
import { decideBatch } from './decide-batch.ts';
import type { OwnedPartition } from './partition-owners.ts';
import { writeBatch } from './write-batch.ts';

/** What a command processor decides and writes with (fixed for its lifetime). */
export interface ChunkSetup<C extends Command, E extends DomainEvent, S> {
  readonly context: CommandContext<C, E, S>;
  readonly topics: ContextTopics;
  readonly serde: AvroEventSerde<E>;
  readonly consumerGroupId: string;
  readonly logger: Logger;
  /** Events per partition between snapshot checkpoints. */
  readonly snapshotEvery?: number | undefined;
  /** Told of every committed batch (metrics): after the commit, never for an aborted one. */
  readonly onCommitted?: ((batch: CommittedBatch) => void) | undefined;
}

/**
 * Decides a chunk of one partition's commands and commits them in one Kafka transaction
 * (events, outcomes, snapshots when due, the consumed offset); only then does the partition's
 * in-memory state move forward. Each command has its span, ended with the transaction's result.
 */
export const commitChunk = async <C extends Command, E extends DomainEvent, S>(
  setup: ChunkSetup<C, E, S>,
  owned: OwnedPartition<S>,
  chunk: Batch['messages'],
): Promise<void> => {
  const now = new Date().toISOString();
  const traced = startCommandSpans(
    setup.topics.commands,
    chunk.map((message) => ({
      offset: message.offset,
      decoded: decodeCommandRecord<C>(message, setup.context.commandBody),
    })),
  );
  try {
    await decideAndWrite(setup, owned, chunk, traced.records, now);
    traced.end();
  } catch (error) {
    traced.end(error);
    throw error;
  }
};

const decideAndWrite = async <C extends Command, E extends DomainEvent, S>(
  setup: ChunkSetup<C, E, S>,
  owned: OwnedPartition<S>,
  chunk: Batch['messages'],
  records: ReturnType<typeof startCommandSpans<C>>['records'],
  now: string,
) => {
  const { state } = owned;
  const plan = decideBatch<C, E, S>({
    decider: setup.context.decider,
    records,
    aggregateState: (id) =>
      state.aggregates.get(id) ?? { state: setup.context.decider.initialState, version: 0 },
    isDecided: (commandId) => state.outcomes.has(commandId),
    now,
  });
  const snapshotDue =
    state.eventsSinceCheckpoint + plan.events.length >= (setup.snapshotEvery ?? 1_000);
  const snapshots = snapshotDue && plan.events.length > 0 ? snapshotSet(state, plan.changed) : null;
  const last = chunk.at(-1);
  const outcomes = await writeBatch({
    producer: owned.producer,
    context: setup.context.name,
    topics: setup.topics,
    partition: owned.partition,
    consumerGroupId: setup.consumerGroupId,
    serde: setup.serde,
    plan,
    records: new Map(chunk.map((message) => [message.offset, message])),
    nextOffset: (BigInt(last?.offset ?? '-1') + 1n).toString(),
    snapshots,
    snapshotVersion: setup.context.snapshotVersion,
    now,
  });
  // Committed: only now does the in-memory state move forward.
  for (const [aggregateId, aggregate] of plan.changed) {
    state.aggregates.set(aggregateId, aggregate);
    state.dirty.add(aggregateId);
  }
  for (const outcome of outcomes) state.outcomes.set(outcome.commandId, outcome);
  state.eventsSinceCheckpoint += plan.events.length;
  if (snapshots) {
    state.dirty.clear();
    state.eventsSinceCheckpoint = 0;
  }
  for (const parked of plan.parked) {
    const message = chunk.find((record) => record.offset === parked.offset);
    loggerFor(setup.logger, {
      commandId: readHeader(message?.headers, header.id),
      correlationId: readHeader(message?.headers, header.correlationId),
      causationId: readHeader(message?.headers, header.causationId),
    }).warn({ partition: owned.partition, ...parked }, 'command parked');
  }
  setup.onCommitted?.({
    context: setup.context.name,
    outcomes,
    events: plan.events,
    commandsIssuedAt: issuedAtOf(records),
    committedAt: Date.now(),
  });
};

const snapshotSet = <S>(
  state: PartitionState<S>,
  changed: ReadonlyMap<string, AggregateState<S>>,
) => {
  const snapshots = new Map<string, AggregateState<S>>();
  for (const aggregateId of state.dirty) {
    const aggregate = state.aggregates.get(aggregateId);
    if (aggregate) snapshots.set(aggregateId, aggregate);
  }
  for (const [aggregateId, aggregate] of changed) snapshots.set(aggregateId, aggregate);
  return snapshots;
};

const issuedAtOf = (records: readonly { readonly decoded: DecodedCommand<Command> }[]) =>
  new Map(
    records.flatMap(({ decoded }): [string, string][] =>
      decoded.ok ? [[decoded.command.metadata.commandId, decoded.command.metadata.issuedAt]] : [],
    ),
  );
