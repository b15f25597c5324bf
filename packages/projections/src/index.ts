export * from './read-model.ts';
export {
  ProjectionRunner,
  defaultWriteTimeoutMs,
  type ProjectionRunnerOptions,
} from './projection-runner.ts';
export { withDeadline, DeadlineExceededError } from './deadline.ts';
export { isRebalanceError } from './group-membership.ts';
export { ParkingLot } from './parking-lot.ts';
export { aggregateKey, type ParkedRecord, type RetryOutcome } from './parked-record.ts';
export { ParkedEventRetrier } from './parked-event-retrier.ts';
export { PartitionLocks, partitionKey, type TopicPartition } from './partition-locks.ts';
export { CircuitBreaker, defaultBreakerOptions, type BreakerOptions } from './circuit-breaker.ts';
export { foldAggregates } from './fold-aggregates.ts';
export {
  commandsInFlight,
  maxOperationsPerCommand,
  mongoKeyedSink,
  runBounded,
} from './sinks/mongo-keyed-sink.ts';
export {
  mongoProgressId,
  progressCollection,
  readMongoProgress,
  writeMongoProgress,
  type MongoProgress,
} from './sinks/mongo-progress.ts';
export { postgresKeyedSink, postgresAppendOnlySink } from './sinks/postgres-sink.ts';
export {
  defaultReadModelSchema,
  ensureSharedTables,
  quoteIdentifier,
} from './sinks/postgres-schema.ts';
export type { ProjectionSink, SinkBatch, PartitionProgress } from './sinks/sink.ts';
export { decodeEnvelope, decodeOrReason, aggregateIdOf, type RawEvent } from './decode-envelope.ts';
