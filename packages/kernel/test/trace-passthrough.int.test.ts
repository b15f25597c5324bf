import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTallyHarness } from './support/tally-harness.ts';

// Tracing never started in this process: no exporter, not even a propagator.
const h = createTallyHarness();
beforeAll(async () => {
  await h.startProcessor();
  await h.client.start();
});
afterAll(async () => {
  await h.close();
});

describe('trace context with tracing off', () => {
  it("carries the caller's traceparent and tracestate onto the events unchanged", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const counterId = randomUUID();
    const { commandId } = await h.client.submit({
      type: 'OpenCounter',
      data: { limit: 2 },
      aggregateId: counterId,
      traceparent,
      tracestate: 'vendor=x',
    });
    expect(await h.client.waitForOutcome(commandId, 30_000)).toMatchObject({
      status: 'accepted',
    });
    const [event] = (await h.readTopic('events')).filter(
      (record) => record.key?.toString() === counterId,
    );
    expect(event?.headers?.traceparent?.toString()).toBe(traceparent);
    expect(event?.headers?.tracestate?.toString()).toBe('vendor=x');
  });

  it('writes no trace headers for a command sent without any', async () => {
    const counterId = randomUUID();
    const { commandId } = await h.client.submit({
      type: 'OpenCounter',
      data: { limit: 2 },
      aggregateId: counterId,
    });
    await h.client.waitForOutcome(commandId, 30_000);
    const [event] = (await h.readTopic('events')).filter(
      (record) => record.key?.toString() === counterId,
    );
    expect(event?.headers).not.toHaveProperty('traceparent');
  });
});
