import type { Logger } from 'pino';
import type { DomainEvent } from '../decider.ts';
import { UndecodableEventError, type AvroEventSerde } from '../serde/avro-event-serde.ts';
import { pauseWhileOwned, type Ownership } from './batch-ownership.ts';
import { retryDelayMs } from './step-verdict.ts';

export interface SourceRecord {
  readonly policy: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly value: Buffer;
}

export interface ReadSettings {
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** The event, `unreadable` (never decodes: no reaction), or `left` (the batch is not ours). */
export type SourceEvent = DomainEvent | 'unreadable' | 'left';

/**
 * Decodes the event a policy reacts to. A record that will never decode (see
 * UndecodableEventError) is logged and answered `unreadable`: there is nothing to react to, and
 * it must not stop the saga for every other order (the projections park it for an operator).
 * A registry that cannot answer is retried with backoff for as long as the batch is ours: a
 * good event is never skipped for an outage.
 */
export const readSourceEvent = async (
  serde: AvroEventSerde<DomainEvent>,
  record: SourceRecord,
  owned: Ownership,
  settings: ReadSettings,
  logger: Logger,
): Promise<SourceEvent> => {
  const { value, ...position } = record;
  for (let attempt = 1; ; attempt++) {
    try {
      return await serde.decode(value);
    } catch (error) {
      if (error instanceof UndecodableEventError) {
        logger.error(
          { ...position, reason: error.message },
          'unreadable record on an events topic: the policy does not react to it',
        );
        return 'unreadable';
      }
      logger.warn(
        { ...position, attempt, err: error },
        'event not decoded (schema registry unavailable?): retrying',
      );
      const delay = retryDelayMs(attempt, settings.retryBaseMs, settings.retryMaxMs);
      if (!(await pauseWhileOwned(owned, delay))) return 'left';
    }
  }
};
