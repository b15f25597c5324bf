import { describe, expect, it } from 'vitest';
import {
  commandMessage,
  decideBatch,
  decodeCommandRecord,
  eventIdFor,
  type CommandOutcome,
} from '../src/index.ts';
import type { AggregateState } from '../src/processor/aggregate-state.ts';
import {
  counterCommandBody,
  counterDecider,
  type Counter,
  type CounterCommand,
} from './fixtures/tally/counter.ts';

let sequence = 0;
const record = (
  aggregateId: string,
  type: string,
  data: unknown,
  options: { commandId?: string; expectedVersion?: number } = {},
) => {
  sequence += 1;
  const message = commandMessage('tally', {
    type,
    data,
    metadata: {
      commandId: options.commandId ?? `cmd-${sequence}`,
      aggregateId,
      issuedAt: '2026-11-23T10:00:00.000Z',
      correlationId: 'corr-1',
      causationId: null,
      expectedVersion: options.expectedVersion ?? null,
      traceparent: null,
    },
  });
  return {
    offset: String(sequence),
    decoded: decodeCommandRecord<CounterCommand>(
      {
        key: Buffer.from(String(message.key)),
        value: Buffer.from(String(message.value)),
        headers: message.headers ?? {},
      },
      counterCommandBody,
    ),
  };
};

const given = (
  aggregates: Record<string, AggregateState<Counter>> = {},
  decided: string[] = [],
) => ({
  when: (...records: ReturnType<typeof record>[]) =>
    decideBatch({
      decider: counterDecider,
      records,
      aggregateState: (id) => aggregates[id] ?? { state: counterDecider.initialState, version: 0 },
      isDecided: (commandId) => decided.includes(commandId),
      now: '2026-11-23T10:00:01.000Z',
    }),
});

const open = { state: { status: 'Open', limit: 10, total: 0 } as Counter, version: 1 };
const statuses = (outcomes: readonly { status: CommandOutcome['status'] }[]) =>
  outcomes.map((o) => o.status);

describe('decideBatch', () => {
  it('numbers events contiguously per aggregate across a batch, interleaved with other aggregates', () => {
    const plan = given().when(
      record('a', 'OpenCounter', { limit: 10 }),
      record('b', 'OpenCounter', { limit: 5 }),
      record('a', 'AddToCounter', { amount: 3 }),
      record('a', 'AddToCounter', { amount: 4 }),
    );
    expect(plan.events.map((e) => [e.aggregateId, e.version, e.event.type])).toEqual([
      ['a', 1, 'CounterOpened'],
      ['b', 1, 'CounterOpened'],
      ['a', 2, 'CounterIncremented'],
      ['a', 3, 'CounterIncremented'],
    ]);
    expect(plan.changed.get('a')).toEqual({
      state: { status: 'Open', limit: 10, total: 7 },
      version: 3,
    });
    expect(plan.outcomes.map((o) => o.status === 'accepted' && o.version)).toEqual([1, 1, 2, 3]);
  });

  it('skips a command id decided before, or earlier in the same batch, writing nothing for it', () => {
    const plan = given({ a: open }, ['seen']).when(
      record('a', 'AddToCounter', { amount: 1 }, { commandId: 'seen' }),
      record('a', 'AddToCounter', { amount: 2 }, { commandId: 'twice' }),
      record('a', 'AddToCounter', { amount: 2 }, { commandId: 'twice' }),
    );
    expect(plan.events).toHaveLength(1);
    expect(plan.outcomes.map((o) => o.commandId)).toEqual(['twice']);
  });

  it('reports a conflict when the expected version is not the current one, and writes no event', () => {
    const plan = given({ a: open }).when(
      record('a', 'AddToCounter', { amount: 1 }, { expectedVersion: 0 }),
    );
    expect(plan.events).toEqual([]);
    expect(plan.outcomes).toEqual([
      expect.objectContaining({ status: 'conflict', expectedVersion: 0, actualVersion: 1 }),
    ]);
  });

  it('accepts a command whose expected version matches, then conflicts the next one expecting the same', () => {
    const plan = given({ a: open }).when(
      record('a', 'AddToCounter', { amount: 1 }, { expectedVersion: 1 }),
      record('a', 'AddToCounter', { amount: 1 }, { expectedVersion: 1 }),
    );
    expect(statuses(plan.outcomes)).toEqual(['accepted', 'conflict']);
    expect(plan.events).toHaveLength(1);
  });

  it('turns a business-rule refusal into a rejected outcome with its code, leaving state unchanged', () => {
    const plan = given({ a: open }).when(record('a', 'AddToCounter', { amount: 11 }));
    expect(plan.events).toEqual([]);
    expect(plan.changed.size).toBe(0);
    expect(plan.outcomes).toEqual([
      expect.objectContaining({ status: 'rejected', code: 'LIMIT_EXCEEDED', version: 1 }),
    ]);
  });

  it('parks a command that crashes the decider and goes on with the next one', () => {
    const plan = given({ a: open }).when(
      record('a', 'BreakDecider', {}),
      record('a', 'AddToCounter', { amount: 1 }),
    );
    expect(plan.parked).toEqual([expect.objectContaining({ code: 'DECIDER_FAILED' })]);
    expect(statuses(plan.outcomes)).toEqual(['invalid', 'accepted']);
  });

  it('parks an invalid command (wrong data) with the reason naming the field, and tells its sender', () => {
    const plan = given({ a: open }).when(record('a', 'AddToCounter', { amount: -1 }));
    expect(plan.parked).toEqual([
      expect.objectContaining({
        code: 'INVALID_COMMAND',
        reason: expect.stringContaining('data.amount') as unknown,
      }),
    ]);
    expect(plan.outcomes).toEqual([
      expect.objectContaining({ status: 'invalid', code: 'INVALID_COMMAND' }),
    ]);
  });

  it('derives event ids from the command id, so a command decided twice yields the same ids', () => {
    const first = given().when(record('x', 'OpenCounter', { limit: 1 }, { commandId: 'same' }));
    const second = given().when(record('x', 'OpenCounter', { limit: 1 }, { commandId: 'same' }));
    expect(first.events[0]?.eventId).toBe(eventIdFor('same', 0));
    expect(second.events[0]?.eventId).toBe(first.events[0]?.eventId);
  });
});

describe('decodeCommandRecord', () => {
  it('refuses a record that is not JSON, keeping the command id so the sender learns why', () => {
    const decoded = decodeCommandRecord(
      {
        key: Buffer.from('a'),
        value: Buffer.from('{oops'),
        headers: { ce_id: 'c1', ce_time: '2026-11-23T10:00:00Z' },
      },
      counterCommandBody,
    );
    expect(decoded).toMatchObject({
      ok: false,
      code: 'UNDECODABLE_COMMAND',
      commandId: 'c1',
      aggregateId: 'a',
    });
  });

  it('refuses a record without a command id header', () => {
    const decoded = decodeCommandRecord(
      { key: Buffer.from('a'), value: Buffer.from('{}') },
      counterCommandBody,
    );
    expect(decoded).toMatchObject({
      ok: false,
      code: 'UNDECODABLE_COMMAND',
      reason: 'missing header ce_id',
    });
  });

  it('refuses an unknown command type', () => {
    const decoded = decodeCommandRecord(
      {
        key: Buffer.from('a'),
        value: Buffer.from('{"type":"Explode","data":{}}'),
        headers: { ce_id: 'c1', ce_time: '2026-11-23T10:00:00Z' },
      },
      counterCommandBody,
    );
    expect(decoded).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
  });
});
