import type { IHeaders, Message } from 'kafkajs';
import type { z } from 'zod';
import type { Command, CommandMetadata } from '../decider.ts';
import { header, readHeader, toKafkaHeaders } from './headers.ts';

export interface CommandToSend {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: CommandMetadata;
  /** What makes two requests "the same" for idempotency, when not the command itself. */
  readonly fingerprint?: string;
}

/** Commands are internal: JSON payload, metadata in CloudEvents-style headers. */
export const commandMessage = (context: string, command: CommandToSend): Message => ({
  key: command.metadata.aggregateId,
  value: JSON.stringify({ type: command.type, data: command.data }),
  headers: toKafkaHeaders({
    [header.specVersion]: '1.0',
    [header.id]: command.metadata.commandId,
    [header.source]: `/orderflow/${context}`,
    [header.type]: command.type,
    [header.time]: command.metadata.issuedAt,
    [header.subject]: command.metadata.aggregateId,
    [header.contentType]: 'application/json',
    [header.correlationId]: command.metadata.correlationId,
    [header.causationId]: command.metadata.causationId,
    [header.expectedVersion]:
      command.metadata.expectedVersion === null ? null : String(command.metadata.expectedVersion),
    [header.traceparent]: command.metadata.traceparent,
    [header.tracestate]: command.metadata.tracestate ?? null,
    [header.fingerprint]: command.fingerprint ?? null,
    [header.issuedBy]: command.metadata.issuedBy ?? null,
  }),
});

export type DecodedCommand<C extends Command> =
  | { readonly ok: true; readonly command: C; readonly fingerprint: string | undefined }
  | {
      readonly ok: false;
      readonly code: 'UNDECODABLE_COMMAND' | 'INVALID_COMMAND';
      readonly reason: string;
      /** Present when the headers were readable, so the sender can still learn the outcome. */
      readonly commandId: string | undefined;
      readonly aggregateId: string | undefined;
      readonly commandType: string | undefined;
    };

export interface RawRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/**
 * Turns a record of the commands topic into a typed command, or says precisely why it cannot:
 * a poison record must be parked with its reason, never crash the processor.
 */
export const decodeCommandRecord = <C extends Command>(
  record: RawRecord,
  bodySchema: z.ZodType<{ type: string; data: unknown }>,
): DecodedCommand<C> => {
  const commandId = readHeader(record.headers, header.id);
  const aggregateId = record.key?.toString() ?? readHeader(record.headers, header.subject);
  const commandType = readHeader(record.headers, header.type);
  const fail = (
    code: 'UNDECODABLE_COMMAND' | 'INVALID_COMMAND',
    reason: string,
  ): DecodedCommand<C> => ({
    ok: false,
    code,
    reason,
    commandId,
    aggregateId,
    commandType,
  });

  if (!commandId) return fail('UNDECODABLE_COMMAND', `missing header ${header.id}`);
  if (!aggregateId) return fail('UNDECODABLE_COMMAND', 'missing record key (aggregate id)');
  const issuedAt = readHeader(record.headers, header.time);
  if (!issuedAt || Number.isNaN(Date.parse(issuedAt)))
    return fail('UNDECODABLE_COMMAND', `missing or invalid header ${header.time}`);
  const expected = readHeader(record.headers, header.expectedVersion);
  const expectedVersion = expected === undefined ? null : Number(expected);
  if (expectedVersion !== null && (!Number.isInteger(expectedVersion) || expectedVersion < 0)) {
    return fail(
      'UNDECODABLE_COMMAND',
      `invalid header ${header.expectedVersion}: ${expected ?? ''}`,
    );
  }

  let body: unknown;
  try {
    body = JSON.parse(record.value?.toString() ?? '');
  } catch (error) {
    return fail('UNDECODABLE_COMMAND', `value is not JSON: ${(error as Error).message}`);
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    return fail('INVALID_COMMAND', problems.join('; '));
  }

  const metadata: CommandMetadata = {
    commandId,
    aggregateId,
    issuedAt,
    correlationId: readHeader(record.headers, header.correlationId) ?? commandId,
    causationId: readHeader(record.headers, header.causationId) ?? null,
    expectedVersion,
    traceparent: readHeader(record.headers, header.traceparent) ?? null,
    tracestate: readHeader(record.headers, header.tracestate) ?? null,
    issuedBy: readHeader(record.headers, header.issuedBy) ?? null,
  };
  return {
    ok: true,
    command: { ...parsed.data, metadata } as unknown as C,
    fingerprint: readHeader(record.headers, header.fingerprint),
  };
};
