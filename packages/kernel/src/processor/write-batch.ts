import type { Message, Producer, RecordMetadata } from 'kafkajs';
import type { DomainEvent } from '../decider.ts';
import { eventMessage } from '../messages/event-record.ts';
import { header } from '../messages/headers.ts';
import { encodeOutcome, type CommandOutcome } from '../messages/outcome.ts';
import type { AvroEventSerde } from '../serde/avro-event-serde.ts';
import type { ContextTopics } from '../topics/context-topics.ts';
import type { AggregateState } from './aggregate-state.ts';
import type { BatchPlan, PlannedOutcome } from './decide-batch.ts';
import { checkpointMessage, snapshotMessage } from './snapshot-records.ts';

export interface WriteBatchInput<S, E extends DomainEvent> {
  readonly producer: Producer;
  readonly context: string;
  readonly topics: ContextTopics;
  readonly partition: number;
  readonly consumerGroupId: string;
  readonly serde: AvroEventSerde<E>;
  readonly plan: BatchPlan<S, E>;
  /** The raw records of the batch, to copy parked ones verbatim. */
  readonly records: ReadonlyMap<
    string,
    { key: Buffer | null; value: Buffer | null; headers?: Message['headers'] }
  >;
  /** Offset of the next command to consume: committed with the writes. */
  readonly nextOffset: string;
  /** Aggregates to snapshot with a checkpoint in this transaction, if it is time to. */
  readonly snapshots: ReadonlyMap<string, AggregateState<S>> | null;
  readonly snapshotVersion: number;
  readonly now: string;
}

/**
 * One Kafka transaction per batch: the events, then (knowing their offsets) the outcomes, parked
 * commands and snapshots, and the consumed offset. Either all of it becomes visible to
 * read_committed consumers, or none of it does.
 */
export const writeBatch = async <S, E extends DomainEvent>(
  input: WriteBatchInput<S, E>,
): Promise<CommandOutcome[]> => {
  const { plan, partition, topics } = input;
  const eventValues = plan.events.map((planned) => input.serde.encode(planned.event));
  const transaction = await input.producer.transaction();
  try {
    let eventOffsets: string[] = [];
    if (plan.events.length > 0) {
      const metadata = await transaction.send({
        topic: topics.events,
        messages: plan.events.map((planned, i) =>
          eventMessage(
            input.context,
            input.serde.fullName(planned.event.type),
            partition,
            planned,
            eventValues[i] ?? Buffer.alloc(0),
            input.now,
          ),
        ),
      });
      eventOffsets = offsetsOf(metadata, plan.events.length);
    }
    const outcomes = plan.outcomes.map((outcome) =>
      withEventOffsets(outcome, plan, eventOffsets, partition),
    );
    const topicMessages = [
      {
        topic: topics.outcomes,
        messages: outcomes.map((o) => ({ partition, key: o.commandId, value: encodeOutcome(o) })),
      },
      {
        topic: topics.parkedCommands,
        messages: plan.parked.map((parked) => parkedMessage(input, parked)),
      },
      { topic: topics.snapshots, messages: snapshotMessages(input, eventOffsets) },
    ].filter((entry) => entry.messages.length > 0);
    if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages });
    await transaction.sendOffsets({
      consumerGroupId: input.consumerGroupId,
      topics: [{ topic: topics.commands, partitions: [{ partition, offset: input.nextOffset }] }],
    });
    await transaction.commit();
    return outcomes;
  } catch (error) {
    await transaction.abort().catch(() => undefined); // a fenced producer cannot abort; the coordinator will
    throw error;
  }
};

// A partition's records of one produce request form one record batch: contiguous offsets.
const offsetsOf = (metadata: RecordMetadata[], count: number) => {
  const base = BigInt(metadata[0]?.baseOffset ?? '-1');
  if (base < 0n) throw new Error('the broker returned no base offset for the events');
  return Array.from({ length: count }, (_, i) => (base + BigInt(i)).toString());
};

const withEventOffsets = <S, E extends DomainEvent>(
  outcome: PlannedOutcome,
  plan: BatchPlan<S, E>,
  offsets: readonly string[],
  partition: number,
): CommandOutcome => {
  if (outcome.status !== 'accepted') return outcome;
  const { eventIndexes, ...rest } = outcome;
  return {
    ...rest,
    events: eventIndexes.map((index) => {
      const planned = plan.events[index];
      if (!planned) throw new Error(`outcome refers to unknown event ${index}`);
      return {
        eventId: planned.eventId,
        type: planned.event.type,
        version: planned.version,
        partition,
        offset: offsets[index] ?? '-1',
      };
    }),
  };
};

const parkedMessage = <S, E extends DomainEvent>(
  input: WriteBatchInput<S, E>,
  parked: { offset: string; code: string; reason: string },
): Message => {
  const record = input.records.get(parked.offset);
  return {
    partition: input.partition,
    key: record?.key ?? null,
    value: record?.value ?? null,
    headers: {
      ...(record?.headers ?? {}),
      [header.parkedReason]: `${parked.code}: ${parked.reason}`,
      [header.parkedFrom]: `${input.topics.commands}/${input.partition}@${parked.offset}`,
    },
  };
};

const snapshotMessages = <S, E extends DomainEvent>(
  input: WriteBatchInput<S, E>,
  eventOffsets: readonly string[],
): Message[] => {
  const lastEventOffset = eventOffsets.at(-1);
  if (!input.snapshots || lastEventOffset === undefined) return [];
  return [
    ...[...input.snapshots].map(([aggregateId, aggregate]) =>
      snapshotMessage(input.partition, aggregateId, aggregate, input.snapshotVersion),
    ),
    checkpointMessage(
      input.partition,
      (BigInt(lastEventOffset) + 1n).toString(),
      input.snapshotVersion,
    ),
  ];
};
