import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { readinessGraceMs, shutdownOnSignals, shutdownTimeoutMs } from '../src/shutdown.ts';

const logger = pino({ level: 'silent' });

const harness = (stop: () => Promise<void>, timeoutMs = 1_000) => {
  const source = new EventEmitter();
  const exits: number[] = [];
  shutdownOnSignals({
    logger,
    stop,
    timeoutMs,
    source: { once: (signal, listener) => source.once(signal, listener) },
    exit: (code) => exits.push(code),
  });
  return { source, exits };
};

describe('shutdownOnSignals', () => {
  it('stops on SIGTERM and exits 0 once stopped', async () => {
    let finish: () => void = () => undefined;
    const stop = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const { source, exits } = harness(stop);
    source.emit('SIGTERM');
    await Promise.resolve();
    expect(exits).toEqual([]); // still finishing the work in flight
    finish();
    await vi.waitFor(() => {
      expect(exits).toEqual([0]);
    });
  });

  it('stops once when a second signal arrives', async () => {
    const stop = vi.fn(() => Promise.resolve());
    const { source, exits } = harness(stop);
    source.emit('SIGINT');
    source.emit('SIGTERM');
    source.emit('SIGINT');
    await vi.waitFor(() => {
      expect(exits).toEqual([0]);
    });
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when stopping fails', async () => {
    const { source, exits } = harness(() => Promise.reject(new Error('commit failed')));
    source.emit('SIGTERM');
    await vi.waitFor(() => {
      expect(exits).toEqual([1]);
    });
  });

  it('exits 1 when stopping takes longer than the bound', () => {
    vi.useFakeTimers();
    try {
      const { source, exits } = harness(() => new Promise<void>(() => undefined), 5_000);
      source.emit('SIGTERM');
      vi.advanceTimersByTime(4_999);
      expect(exits).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(exits).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('shutdownTimeoutMs', () => {
  it('defaults to 30 s and takes a bound in ms', () => {
    expect(shutdownTimeoutMs({})).toBe(30_000);
    expect(shutdownTimeoutMs({ ORDERFLOW_SHUTDOWN_TIMEOUT_MS: '5000' })).toBe(5_000);
  });

  it('refuses a bound that is not a sensible integer', () => {
    expect(() => shutdownTimeoutMs({ ORDERFLOW_SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(/TIMEOUT/);
    expect(() => shutdownTimeoutMs({ ORDERFLOW_SHUTDOWN_TIMEOUT_MS: '10' })).toThrow(/100 to/);
  });
});

describe('readinessGraceMs', () => {
  it('defaults to none and refuses nonsense', () => {
    expect(readinessGraceMs({})).toBe(0);
    expect(readinessGraceMs({ ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS: '5000' })).toBe(5_000);
    expect(() => readinessGraceMs({ ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS: '-1' })).toThrow(
      /GRACE/,
    );
  });
});
