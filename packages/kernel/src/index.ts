export * from './decider.ts';
export * from './messages/outcome.ts';
export { header } from './messages/headers.ts';
export { commandMessage, decodeCommandRecord } from './messages/command-record.ts';
export { eventIdFor } from './messages/event-id.ts';
export { commandFingerprint } from './messages/fingerprint.ts';
export {
  AvroEventSerde,
  UndecodableEventError,
  eventSubject,
  eventSubjectCompatibility,
  type AvroRecordSchema,
} from './serde/avro-event-serde.ts';
export { contextTopics, type ContextTopics } from './topics/context-topics.ts';
export {
  provisionTopics,
  defaultTopicLayout,
  type TopicLayout,
} from './topics/provision-topics.ts';
export { decideBatch } from './processor/decide-batch.ts';
export type { CommandContext } from './processor/command-context.ts';
export { CommandProcessor, type CommandProcessorOptions } from './processor/command-processor.ts';
export {
  CommandClient,
  sameRequest,
  type CommandRequest,
  type SubmittedCommand,
} from './client/command-client.ts';
export { readPartitionsToEnd } from './kafka/read-partitions-to-end.ts';
export { createKafka } from './kafka/kafka-connection.ts';
export { GroupMember } from './kafka/group-member.ts';
export {
  PolicyRunner,
  policyCommandId,
  policyIssuer,
  type PolicyHooks,
  type PolicyRunnerOptions,
  type SagaPolicy,
  type PolicyReaction,
} from './policy/policy-runner.ts';
export type { SagaStepHooks, StepRetrySettings } from './policy/settle-step.ts';
export { stepVerdict, retryDelayMs, type StepVerdict } from './policy/step-verdict.ts';
export { topicWaitMs, waitForTopics } from './kafka/wait-for-topics.ts';
export { DeadlineRunner, type DeadlineRunnerOptions } from './deadlines/deadline-runner.ts';
export {
  deadlineCommandId,
  deadlineIssuer,
  type DeadlineChange,
  type DeadlineSchedule,
  type FiredDeadline,
} from './deadlines/deadline-schedule.ts';
export { DeadlineTimer, systemClock, type Clock } from './deadlines/deadline-timer.ts';
export { DeadlineQueue, type PendingDeadline } from './deadlines/deadline-queue.ts';
export type { CommittedBatch } from './processor/committed-batch.ts';
export type { PlannedEvent } from './processor/decide-batch.ts';
