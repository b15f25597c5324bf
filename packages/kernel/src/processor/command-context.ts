import type { z } from 'zod';
import type { Command, Decider, DomainEvent } from '../decider.ts';
import type { AvroRecordSchema } from '../serde/avro-event-serde.ts';

/** Everything the kernel needs to know about a bounded context to run its command processor. */
export interface CommandContext<C extends Command, E extends DomainEvent, S> {
  /** Lowercase context name; prefixes its topics (`inventory.commands`, `inventory.events`, ...). */
  readonly name: string;
  readonly decider: Decider<C, E, S>;
  /** Validates a command's `{ type, data }` as read from the commands topic. */
  readonly commandBody: z.ZodType<{ type: string; data: unknown }>;
  /** The Avro schema of every event type, generated from schemas/avro. */
  readonly eventSchemas: Readonly<Record<E['type'], AvroRecordSchema>>;
  /** Bump when the state's shape changes: older snapshots are then ignored and state is rebuilt from events. */
  readonly snapshotVersion: number;
}
