import { describe, expect, it } from 'vitest';
import { policyCommandId, retryDelayMs, stepVerdict, type CommandOutcome } from '../src/index.ts';

const base = {
  commandId: 'c-1',
  commandType: 'ReleaseStock',
  aggregateId: 'sku-1',
  fingerprint: 'f',
  decidedAt: '2026-11-23T10:00:00.000Z',
};
const accepted: CommandOutcome = { ...base, status: 'accepted', version: 3, events: [] };
const rejected = (code: string): CommandOutcome => ({
  ...base,
  status: 'rejected',
  version: 3,
  code,
  message: 'no',
});
const parked: CommandOutcome = {
  ...base,
  status: 'invalid',
  code: 'DECIDER_FAILED',
  message: 'decider failed: bug',
};

describe('stepVerdict: did a policy command do its saga step?', () => {
  it('an accepted command is done', () => {
    expect(stepVerdict(undefined, accepted)).toEqual({ done: true });
  });

  it('a refusal the policy expects is the saga’s answer: done', () => {
    expect(stepVerdict(['ORDER_NOT_FOUND'], rejected('ORDER_NOT_FOUND'))).toEqual({ done: true });
  });

  it('a refused compensation (no expected refusals) is a failure to retry', () => {
    expect(stepVerdict(undefined, rejected('PRODUCT_NOT_FOUND'))).toMatchObject({
      done: false,
      code: 'PRODUCT_NOT_FOUND',
    });
    expect(stepVerdict(['ORDER_NOT_FOUND'], rejected('OTHER'))).toMatchObject({ done: false });
  });

  it('a parked command, a conflict, or no outcome in time is a failure even with expected refusals', () => {
    expect(stepVerdict(['DECIDER_FAILED'], parked)).toMatchObject({
      done: false,
      code: 'DECIDER_FAILED',
    });
    const conflict: CommandOutcome = {
      ...base,
      status: 'conflict',
      expectedVersion: 1,
      actualVersion: 2,
    };
    expect(stepVerdict([], conflict)).toMatchObject({ done: false, code: 'VERSION_CONFLICT' });
    expect(stepVerdict([], undefined)).toMatchObject({ done: false, code: 'NO_OUTCOME' });
  });
});

describe('policyCommandId', () => {
  it('is deterministic per (policy, event, key, attempt), and differs per attempt', () => {
    const first = policyCommandId('p', 'e', 'k', 1);
    expect(policyCommandId('p', 'e', 'k')).toBe(first);
    expect(policyCommandId('p', 'e', 'k', 2)).toBe(policyCommandId('p', 'e', 'k', 2));
    expect(new Set([1, 2, 3].map((n) => policyCommandId('p', 'e', 'k', n))).size).toBe(3);
    expect(policyCommandId('p', 'e', 'k2', 2)).not.toBe(policyCommandId('p', 'e', 'k', 2));
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and stays under the cap', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => retryDelayMs(attempt, 100, 1_000))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });
});
