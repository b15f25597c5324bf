import { randomBytes, randomUUID } from 'node:crypto';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '@orderflow/observability';
import {
  post,
  startCommandServices,
  wait,
  type CommandServices,
} from '../support/command-services.ts';
import { startReadSide, type ReadSide } from '../support/read-side.ts';

// Before any service starts: this process's spans go to memory instead of nowhere.
const exporter = new InMemorySpanExporter();
startTracing({ service: 'e2e', exporter });

let commands: CommandServices;
let readSide: ReadSide;
beforeAll(async () => {
  commands = await startCommandServices();
  readSide = await startReadSide();
});
afterAll(async () => {
  await readSide.close();
  await commands.close();
});

/** A caller's own trace: every span Orderflow makes for the request must join it. */
const callerTrace = () => {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
};

const spansOf = (traceId: string) =>
  exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);

const waitForSpan = async (traceId: string, matches: (span: ReadableSpan) => boolean) => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = spansOf(traceId).find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      const names = spansOf(traceId).map((span) => span.name);
      throw new Error(`no such span in trace ${traceId}; have: ${names.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe('one trace from HTTP through Kafka', () => {
  it('spans POST -> command sent -> command processed -> projected, each the child of the one before', async () => {
    const caller = callerTrace();
    const sku = `sku-${randomUUID().slice(0, 8)}`;
    const answer = await post(
      `${commands.inventory}/v1/inventory/products`,
      { sku, name: 'Lamp', initialStock: 2 },
      { ...wait, traceparent: caller.traceparent },
    );
    expect(answer.status).toBe(201);

    const server = await waitForSpan(
      caller.traceId,
      (s) => s.name === 'POST /v1/inventory/products',
    );
    expect(parentOf(server)).toBe(caller.spanId);
    const sent = await waitForSpan(caller.traceId, (s) => s.name === 'send inventory.commands');
    expect(parentOf(sent)).toBe(idOf(server));
    const processed = await waitForSpan(
      caller.traceId,
      (s) => s.name === 'process inventory.commands',
    );
    expect(parentOf(processed)).toBe(idOf(sent));
    const projected = await waitForSpan(
      caller.traceId,
      (s) => s.name === 'stock-levels process inventory.events',
    );
    expect(parentOf(projected)).toBe(idOf(processed));
  });

  it('makes the commands a saga policy issues children of the event that caused them', async () => {
    const caller = callerTrace();
    const placed = await post(
      `${commands.orders}/v1/orders`,
      {
        customerId: `cust-${randomUUID().slice(0, 8)}`,
        currency: 'EUR',
        lines: [{ sku: `sku-${randomUUID().slice(0, 8)}`, quantity: 1, unitPrice: 100 }],
      },
      { ...wait, traceparent: caller.traceparent },
    );
    expect(placed.status).toBe(201);

    const ordersProcessed = await waitForSpan(
      caller.traceId,
      (s) => s.name === 'process orders.commands',
    );
    const reaction = await waitForSpan(caller.traceId, (s) =>
      s.name.startsWith('policy inventory.on-orders process orders.events'),
    );
    expect(parentOf(reaction)).toBe(idOf(ordersProcessed));
    const reserveSent = await waitForSpan(
      caller.traceId,
      (s) => s.name === 'send inventory.commands' && parentOf(s) === idOf(reaction),
    );
    const reserveProcessed = await waitForSpan(
      caller.traceId,
      (s) => s.name === 'process inventory.commands',
    );
    expect(parentOf(reserveProcessed)).toBe(idOf(reserveSent));
  });
});
