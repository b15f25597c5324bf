import { randomBytes, randomUUID } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '@orderflow/observability';
import type { CommittedBatch } from '../src/index.ts';
import { createTallyHarness } from './support/tally-harness.ts';

// A context with its own topics: only this test's processor can take its commands.
const exporter = new InMemorySpanExporter();
startTracing({ service: 'kernel-test', exporter });
const committed: CommittedBatch[] = [];
const h = createTallyHarness({ onCommitted: (batch) => committed.push(batch) });
beforeAll(async () => {
  await h.startProcessor();
  await h.client.start();
});
afterAll(async () => {
  await h.close();
});

const submitAndWait = async (request: Parameters<typeof h.client.submit>[0]) => {
  const { commandId } = await h.client.submit(request);
  const outcome = await h.client.waitForOutcome(commandId, 30_000);
  if (!outcome) throw new Error(`no outcome for ${commandId}`);
  return outcome;
};

const finished = (name: string, traceId: string) =>
  exporter
    .getFinishedSpans()
    .filter((span) => span.name === name && span.spanContext().traceId === traceId);

const only = (spans: ReadableSpan[]) => {
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
};

describe('what the command processor tells observers', () => {
  it('reports each committed outcome (accepted, rejected, conflict) with its events and issue time', async () => {
    const counterId = randomUUID();
    const opened = await submitAndWait({
      type: 'OpenCounter',
      data: { limit: 3 },
      aggregateId: counterId,
    });
    const refused = await submitAndWait({
      type: 'AddToCounter',
      data: { amount: 4 },
      aggregateId: counterId,
    });
    const conflicted = await submitAndWait({
      type: 'AddToCounter',
      data: { amount: 1 },
      aggregateId: counterId,
      expectedVersion: 9,
    });
    const outcomes = committed.flatMap((batch) => batch.outcomes);
    const statusOf = (commandId: string) =>
      outcomes.find((outcome) => outcome.commandId === commandId);
    expect(statusOf(opened.commandId)).toMatchObject({ status: 'accepted' });
    expect(statusOf(refused.commandId)).toMatchObject({
      status: 'rejected',
      code: 'LIMIT_EXCEEDED',
    });
    expect(statusOf(conflicted.commandId)).toMatchObject({ status: 'conflict' });
    const batch = committed.find((b) => b.outcomes.some((o) => o.commandId === opened.commandId));
    expect(batch?.events.map((planned) => planned.event.type)).toEqual(['CounterOpened']);
    expect(batch?.context).toBe(h.name);
    expect(Date.parse(batch?.commandsIssuedAt.get(opened.commandId) ?? '')).toBeLessThanOrEqual(
      batch?.committedAt ?? 0,
    );
  });
});

describe('trace context through the command path', () => {
  it("continues the caller's trace: send -> process -> the event's traceparent, tracestate kept", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const counterId = randomUUID();
    await submitAndWait({
      type: 'OpenCounter',
      data: { limit: 3 },
      aggregateId: counterId,
      traceparent: `00-${traceId}-${callerSpan}-01`,
      tracestate: 'orderflow=test',
    });
    const sent = only(finished(`send ${h.name}.commands`, traceId));
    expect(sent.parentSpanContext?.spanId).toBe(callerSpan);
    const processed = only(finished(`process ${h.name}.commands`, traceId));
    expect(processed.parentSpanContext?.spanId).toBe(sent.spanContext().spanId);

    const [event] = (await h.readTopic('events')).filter(
      (record) => record.key?.toString() === counterId,
    );
    expect(event?.headers?.traceparent?.toString()).toBe(
      `00-${traceId}-${processed.spanContext().spanId}-01`,
    );
    expect(event?.headers?.tracestate?.toString()).toBe('orderflow=test');
  });

  it('starts a new trace for a command sent without one', async () => {
    const counterId = randomUUID();
    await submitAndWait({ type: 'OpenCounter', data: { limit: 1 }, aggregateId: counterId });
    const [event] = (await h.readTopic('events')).filter(
      (record) => record.key?.toString() === counterId,
    );
    const traceparent = event?.headers?.traceparent?.toString() ?? '';
    expect(traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    const traceId = traceparent.split('-')[1] ?? '';
    expect(finished(`process ${h.name}.commands`, traceId)).toHaveLength(1);
  });
});
