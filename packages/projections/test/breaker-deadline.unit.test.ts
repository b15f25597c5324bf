import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, DeadlineExceededError, withDeadline } from '../src/index.ts';
import { heartbeatUnlessRebalancing } from '../src/group-membership.ts';

const silent = pino({ level: 'silent' });
const rebalance = Object.assign(new Error('The group is rebalancing'), {
  type: 'REBALANCE_IN_PROGRESS',
});

describe('withDeadline', () => {
  it('fails a call that never finishes, heartbeating while it waits, and hears its late failure', async () => {
    const beats = { count: 0 };
    const late: unknown[] = [];
    let failLate: (error: Error) => void = () => undefined;
    const never = new Promise<never>((_resolve, reject) => {
      failLate = reject;
    });
    await expect(
      withDeadline(() => never, {
        what: 'a write',
        timeoutMs: 120,
        keepAliveMs: 20,
        keepAlive: () => {
          beats.count += 1;
          return Promise.resolve();
        },
        onLateFailure: (error) => late.push(error),
      }),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(beats.count).toBeGreaterThanOrEqual(3);
    const after = beats.count;
    failLate(new Error('socket closed'));
    await sleep(50);
    expect(late).toEqual([new Error('socket closed')]);
    expect(beats.count).toBe(after); // no heartbeat once the wait is over
  });

  it('returns what a call in time returns', async () => {
    await expect(
      withDeadline(() => Promise.resolve(7), { what: 'x', timeoutMs: 100 }),
    ).resolves.toBe(7);
  });
});

describe('the circuit breaker while the group rebalances', () => {
  it('gives the batch back at once when a heartbeat during its pause reports a rebalance', async () => {
    const breaker = new CircuitBreaker('sink', silent, {
      failureThreshold: 1,
      openMs: 60_000,
      initialBackoffMs: 10,
    });
    const calls = { count: 0 };
    const started = Date.now();
    await expect(
      breaker.run(
        () => {
          calls.count += 1;
          return Promise.reject(new Error('down'));
        },
        heartbeatUnlessRebalancing(() => Promise.reject(rebalance)),
        () => true,
      ),
    ).rejects.toBe(rebalance);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 60 s pause
    expect(calls.count).toBe(1);
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it('keeps pausing through a heartbeat that failed for another reason', async () => {
    const breaker = new CircuitBreaker('sink', silent, {
      failureThreshold: 5,
      openMs: 60_000,
      initialBackoffMs: 1_100,
    });
    const calls = { count: 0 };
    const result = await breaker.run(
      () => {
        calls.count += 1;
        return calls.count === 1 ? Promise.reject(new Error('down')) : Promise.resolve('written');
      },
      heartbeatUnlessRebalancing(() => Promise.reject(new Error('broker connection lost'))),
      () => true,
    );
    expect(result).toBe('written');
    expect(calls.count).toBe(2);
    expect(breaker.consecutiveFailures).toBe(0);
  });
});
