import { randomUUID } from 'node:crypto';
import { context, type Context } from '@opentelemetry/api';
import type { Kafka, Message, Producer } from 'kafkajs';
import {
  contextFromTraceHeaders,
  endSpan,
  SpanKind,
  startSpan,
  traceHeadersOf,
} from '@orderflow/observability';
import type { CommandMetadata } from '../decider.ts';
import { commandMessage } from '../messages/command-record.ts';
import { commandFingerprint } from '../messages/fingerprint.ts';
import type { CommandOutcome } from '../messages/outcome.ts';
import { contextTopics, type ContextTopics } from '../topics/context-topics.ts';
import { OutcomeTracker } from './outcome-tracker.ts';
import { SendCoalescer } from './send-coalescer.ts';

export interface CommandRequest {
  readonly type: string;
  readonly data: unknown;
  readonly aggregateId: string;
  /** The idempotency key; a fresh UUID when absent. */
  readonly commandId?: string;
  readonly expectedVersion?: number | null;
  readonly correlationId?: string;
  readonly causationId?: string | null;
  /** The caller's W3C trace context as strings (ignored when traceContext is given). */
  readonly traceparent?: string | null;
  readonly tracestate?: string | null;
  /** The caller's trace context: the command's PRODUCER span becomes its child. */
  readonly traceContext?: Context;
  readonly issuedAt?: string;
  /** The authenticated principal's id; see CommandMetadata.issuedBy. */
  readonly issuedBy?: string | null;
  /**
   * What identifies the request for idempotency when the command holds values the caller
   * derives (a deadline, a generated id): e.g. the HTTP route and body. Defaults to the command.
   */
  readonly fingerprintOf?: unknown;
}

export interface SubmittedCommand {
  readonly commandId: string;
  /** What identifies this request; an outcome with another fingerprint answers another request. */
  readonly fingerprint: string;
  /** Set when this command id was decided before: nothing new was sent. */
  readonly previousOutcome: CommandOutcome | undefined;
  /**
   * True when the id was decided before, or is in flight from this client, for a different
   * command (type, aggregate or data): nothing was sent.
   */
  readonly reusedIdForDifferentCommand: boolean;
}

/**
 * Submits commands to a context's commands topic and reports their outcomes. Used by the HTTP
 * command services and by saga policies alike.
 */
export class CommandClient {
  readonly topics: ContextTopics;
  private readonly producer: Producer;
  private readonly tracker: OutcomeTracker;
  /**
   * Ids sent and not yet decided, with their fingerprints. A command id is deduplicated by the
   * processor of its aggregate's partition only, so the same id reused for another aggregate
   * would be decided twice: refused here while the first is in flight (see README, Command API).
   */
  private readonly inFlight = new Map<string, string>();
  private readonly commands: SendCoalescer<Message>;

  constructor(
    kafka: Kafka,
    private readonly context: string,
  ) {
    this.topics = contextTopics(context);
    // Idempotent: a retried send never duplicates a command on the topic.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.tracker = new OutcomeTracker(kafka, this.topics.outcomes, (outcome) => {
      this.inFlight.delete(outcome.commandId);
    });
    this.commands = new SendCoalescer(async (messages) => {
      await this.producer.send({ topic: this.topics.commands, acks: -1, messages });
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.tracker.start();
    await this.tracker.ready();
  }

  async stop(): Promise<void> {
    await Promise.all([this.producer.disconnect(), this.tracker.stop()]);
  }

  async submit(request: CommandRequest): Promise<SubmittedCommand> {
    const commandId = request.commandId ?? randomUUID();
    const fingerprint = commandFingerprint(
      request.type,
      request.aggregateId,
      request.fingerprintOf ?? request.data,
    );
    const previousOutcome = this.tracker.get(commandId);
    if (previousOutcome) {
      return {
        commandId,
        fingerprint,
        previousOutcome,
        reusedIdForDifferentCommand: !sameRequest(previousOutcome, fingerprint),
      };
    }
    const inFlight = this.inFlight.get(commandId);
    if (inFlight !== undefined) {
      // Already on the commands topic: a retry waits for that one; another request is refused.
      const reusedIdForDifferentCommand = inFlight !== fingerprint;
      return { commandId, fingerprint, previousOutcome: undefined, reusedIdForDifferentCommand };
    }
    const { span, context: sending } = startSpan(
      `send ${this.topics.commands}`,
      SpanKind.PRODUCER,
      request.traceContext ??
        (request.traceparent ? contextFromTraceHeaders(request) : context.active()),
      {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': this.topics.commands,
        'messaging.message.id': commandId,
        'orderflow.command.type': request.type,
      },
    );
    // Without a propagator (the kernel used on its own, tracing never started) the caller's
    // strings still travel on unchanged.
    const trace = traceHeadersOf(sending);
    const metadata: CommandMetadata = {
      commandId,
      aggregateId: request.aggregateId,
      issuedAt: request.issuedAt ?? new Date().toISOString(),
      correlationId: request.correlationId ?? commandId,
      causationId: request.causationId ?? null,
      expectedVersion: request.expectedVersion ?? null,
      traceparent: trace.traceparent ?? request.traceparent ?? null,
      tracestate: trace.tracestate ?? (trace.traceparent ? null : (request.tracestate ?? null)),
      issuedBy: request.issuedBy ?? null,
    };
    this.inFlight.set(commandId, fingerprint);
    try {
      await this.send(metadata, request, fingerprint);
      endSpan(span);
    } catch (error) {
      this.inFlight.delete(commandId);
      endSpan(span, error);
      throw error;
    }
    return {
      commandId,
      fingerprint,
      previousOutcome: undefined,
      reusedIdForDifferentCommand: false,
    };
  }

  private async send(metadata: CommandMetadata, request: CommandRequest, fingerprint: string) {
    await this.commands.send(
      commandMessage(this.context, {
        type: request.type,
        data: request.data,
        metadata,
        fingerprint,
      }),
    );
  }

  outcome(commandId: string): CommandOutcome | undefined {
    return this.tracker.get(commandId);
  }

  waitForOutcome(commandId: string, timeoutMs: number): Promise<CommandOutcome | undefined> {
    return this.tracker.wait(commandId, timeoutMs);
  }
}

/**
 * Whether an outcome answers the request with this fingerprint. A command parked before its
 * headers could be read has no fingerprint: it cannot tell, so it is taken as the same.
 */
export const sameRequest = (outcome: CommandOutcome, fingerprint: string): boolean =>
  outcome.fingerprint === '' || outcome.fingerprint === fingerprint;
