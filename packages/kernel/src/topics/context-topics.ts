import { namespaced } from '@orderflow/config';

/**
 * The topics of one bounded context. All are co-partitioned and keyed by aggregate id, so the
 * processor that owns commands partition N is the only writer of events partition N.
 */
export interface ContextTopics {
  /** Intents to change an aggregate; internal, JSON. */
  readonly commands: string;
  /** The system of record: Avro events, kept forever. Public contract. */
  readonly events: string;
  /** Latest state per aggregate plus a checkpoint per partition; compacted; internal. */
  readonly snapshots: string;
  /** One outcome per command id, kept forever (compacted): durable idempotency. Internal. */
  readonly outcomes: string;
  /** Commands that could not be decoded or crashed the decider, with the reason. */
  readonly parkedCommands: string;
}

// Every name is inside the process's Kafka namespace (ORDERFLOW_KAFKA_NAMESPACE; none by default),
// or inside the one `env` names (a process provisioning topics for the children it starts).
export const contextTopics = (
  context: string,
  env: NodeJS.ProcessEnv = process.env,
): ContextTopics => ({
  commands: namespaced(`${context}.commands`, env),
  events: namespaced(`${context}.events`, env),
  snapshots: namespaced(`${context}.snapshots`, env),
  outcomes: namespaced(`${context}.outcomes`, env),
  parkedCommands: namespaced(`${context}.commands.parked`, env),
});
