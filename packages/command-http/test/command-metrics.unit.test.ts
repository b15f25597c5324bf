import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CommandOutcome, PlannedEvent } from '@orderflow/kernel';
import { scrapeMetrics } from '@orderflow/observability';
import { reasonCode, recordCommittedBatch } from '../src/command-metrics.ts';

const context = `ctx${randomUUID().slice(0, 8)}`; // this test's own label value
const base = { aggregateId: 'a-1', fingerprint: 'f', decidedAt: '2026-01-01T00:00:01.000Z' };
const outcomes: CommandOutcome[] = [
  {
    ...base,
    commandId: 'c-1',
    commandType: 'PlaceOrder',
    status: 'accepted',
    version: 1,
    events: [],
  },
  {
    ...base,
    commandId: 'c-2',
    commandType: 'PlaceOrder',
    status: 'rejected',
    version: 1,
    code: 'ORDER_EXISTS',
    message: 'exists',
  },
  {
    ...base,
    commandId: 'c-3',
    commandType: 'CancelOrder',
    status: 'conflict',
    expectedVersion: 3,
    actualVersion: 1,
  },
];
const planned = (type: string, data: unknown) =>
  ({
    event: { type, data },
    eventId: randomUUID(),
    aggregateId: 'a-1',
    version: 1,
  }) as unknown as PlannedEvent;

const sample = (text: string, series: string) => {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe('command metrics from a committed batch', () => {
  it('counts outcomes by status and code, events by type, latency from issue to commit', async () => {
    const before = (await scrapeMetrics()).body;
    recordCommittedBatch({
      context,
      outcomes,
      events: [
        planned('OrderPlaced', {}),
        planned('OrderRejected', { reason: 'OUT_OF_STOCK:sku-secret-1' }),
        planned('OrderConfirmed', {}),
        planned('StockReleased', {}),
      ],
      commandsIssuedAt: new Map([
        ['c-1', '2026-01-01T00:00:00.000Z'],
        ['c-2', '2026-01-01T00:00:00.500Z'],
      ]),
      committedAt: Date.parse('2026-01-01T00:00:01.000Z'),
    });
    const after = (await scrapeMetrics()).body;
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(
      sample(after, `orderflow_commands_accepted_total{context="${context}",type="PlaceOrder"}`),
    ).toBe(1);
    expect(
      sample(
        after,
        `orderflow_commands_refused_total{context="${context}",type="PlaceOrder",code="ORDER_EXISTS"}`,
      ),
    ).toBe(1);
    expect(
      sample(after, `orderflow_commands_conflicted_total{context="${context}",type="CancelOrder"}`),
    ).toBe(1);
    expect(
      sample(after, `orderflow_events_appended_total{context="${context}",type="OrderRejected"}`),
    ).toBe(1);
    // c-1 took 1 s, c-2 0.5 s; c-3 has no issue time and is not observed.
    expect(
      sample(
        after,
        `orderflow_command_duration_seconds_count{context="${context}",status="accepted"}`,
      ),
    ).toBe(1);
    expect(
      sample(
        after,
        `orderflow_command_duration_seconds_sum{context="${context}",status="accepted"}`,
      ),
    ).toBe(1);
    expect(
      sample(
        after,
        `orderflow_command_duration_seconds_sum{context="${context}",status="rejected"}`,
      ),
    ).toBe(0.5);
    expect(delta('orderflow_saga_orders_total{outcome="rejected",reason="OUT_OF_STOCK"}')).toBe(1);
    expect(delta('orderflow_saga_orders_total{outcome="confirmed",reason=""}')).toBe(1);
    expect(delta('orderflow_saga_compensations_total{type="StockReleased"}')).toBe(1);
    expect(after).not.toContain('sku-secret-1');
  });

  it('keeps only the code of a reason, so labels stay few', () => {
    expect(reasonCode('PAYMENT_DECLINED:INSUFFICIENT_CREDIT')).toBe('PAYMENT_DECLINED');
    expect(reasonCode('TIMEOUT')).toBe('TIMEOUT');
    expect(reasonCode(undefined)).toBe('UNKNOWN');
  });
});
