import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { decodeOutcome, type CommandOutcome } from '../messages/outcome.ts';
import { retryRetriable } from '../kafka/retry-retriable.ts';

/**
 * Follows a context's outcomes topic from the beginning (it is compacted: one record per
 * command), so it can answer for any command ever decided, and wakes whoever waits for one.
 */
export class OutcomeTracker {
  private readonly outcomes = new Map<string, CommandOutcome>();
  private readonly waiters = new Map<string, Set<(outcome: CommandOutcome) => void>>();
  private readonly consumer: Consumer;
  private caughtUp: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    /** Called for every outcome read (the client forgets its in-flight id). */
    private readonly onOutcome: (outcome: CommandOutcome) => void = () => undefined,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${topic}.tracker.${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
  }

  async start(): Promise<void> {
    const endOffsets = await this.endOffsets();
    const remaining = new Map([...endOffsets].filter(([, end]) => end > 0n));
    let markCaughtUp: () => void = () => undefined;
    this.caughtUp = new Promise<void>((resolve) => {
      markCaughtUp = resolve;
      if (remaining.size === 0) resolve();
    });
    // Batches of only aborted records skip eachBatch; this event still reports their offsets.
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = remaining.get(payload.partition);
      if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) {
        remaining.delete(payload.partition);
        if (remaining.size === 0) markCaughtUp();
      }
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        for (const message of batch.messages) {
          if (message.value) this.record(decodeOutcome(message.value));
        }
        return Promise.resolve();
      },
    });
  }

  /** Resolves once every outcome that existed at start has been read. */
  ready(): Promise<void> {
    return this.caughtUp;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  get(commandId: string): CommandOutcome | undefined {
    return this.outcomes.get(commandId);
  }

  /** The outcome, as soon as it is known; undefined if it is not known within the timeout. */
  wait(commandId: string, timeoutMs: number): Promise<CommandOutcome | undefined> {
    const known = this.outcomes.get(commandId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(commandId) ?? new Set();
      const done = (outcome: CommandOutcome | undefined) => {
        clearTimeout(timer);
        waiters.delete(onOutcome);
        if (waiters.size === 0) this.waiters.delete(commandId);
        resolve(outcome);
      };
      const onOutcome = (outcome: CommandOutcome) => {
        done(outcome);
      };
      const timer = setTimeout(() => {
        done(undefined);
      }, timeoutMs);
      waiters.add(onOutcome);
      this.waiters.set(commandId, waiters);
    });
  }

  private record(outcome: CommandOutcome) {
    this.outcomes.set(outcome.commandId, outcome);
    this.onOutcome(outcome);
    for (const waiter of this.waiters.get(outcome.commandId) ?? []) waiter(outcome);
  }

  private async endOffsets() {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await retryRetriable(() => admin.fetchTopicOffsets(this.topic));
      return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
  }
}
