import { describe, expect, it } from 'vitest';
import { DeadlineQueue, type PendingDeadline } from '../src/deadlines/deadline-queue.ts';
import { DeadlineTimer, type Clock } from '../src/deadlines/deadline-timer.ts';

/** A clock that moves only when told to, running the timers that come due on the way. */
class FakeClock implements Clock {
  private time = 0;
  private nextHandle = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimer(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + delayMs, callback });
    return handle;
  }
  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.time = target;
  }
}

const deadline = (aggregateId: string, dueAt: number, partition = 0): PendingDeadline => ({
  aggregateId,
  dueAt,
  partition,
});

const timerWith = (fire: (d: PendingDeadline) => Promise<void> = () => Promise.resolve()) => {
  const clock = new FakeClock();
  const fired: { id: string; at: number }[] = [];
  const timer = new DeadlineTimer({
    clock,
    retryMs: 500,
    fire: async (d) => {
      await fire(d);
      fired.push({ id: d.aggregateId, at: clock.now() });
    },
  });
  return { clock, timer, fired };
};

describe('DeadlineQueue (a min-heap with lazy deletion)', () => {
  it('hands out due deadlines earliest first, whatever the insertion order', () => {
    const queue = new DeadlineQueue();
    const dues = [50, 10, 40, 30, 20, 60, 5, 45];
    dues.forEach((due, i) => {
      queue.set(deadline(`o${String(i)}`, due));
    });
    expect(queue.nextDueAt()).toBe(5);
    expect(queue.takeDue(40).map((d) => d.dueAt)).toEqual([5, 10, 20, 30, 40]);
    expect(queue.size).toBe(3);
    expect(queue.takeDue(1_000).map((d) => d.dueAt)).toEqual([45, 50, 60]);
    expect(queue.nextDueAt()).toBeUndefined();
  });

  it('forgets cleared and replaced deadlines, and those of partitions given away', () => {
    const queue = new DeadlineQueue();
    queue.set(deadline('a', 10, 0));
    queue.set(deadline('b', 20, 1));
    queue.set(deadline('c', 30, 2));
    queue.clear('a');
    queue.set(deadline('b', 35, 1));
    queue.keepPartitions(new Set([1]));
    expect(queue.nextDueAt()).toBe(35);
    expect(queue.takeDue(100).map((d) => d.aggregateId)).toEqual(['b']);
  });
});

describe('DeadlineTimer', () => {
  it('fires each deadline once, when it is due, not before', async () => {
    const { clock, timer, fired } = timerWith();
    timer.set(deadline('late', 3_000));
    timer.set(deadline('early', 1_000));
    await clock.advance(999);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([{ id: 'early', at: 1_000 }]);
    await clock.advance(10_000);
    expect(fired).toEqual([
      { id: 'early', at: 1_000 },
      { id: 'late', at: 3_000 },
    ]);
    expect(clock.timers.size).toBe(0);
  });

  it('keeps a single timer armed, for the earliest deadline', () => {
    const { clock, timer } = timerWith();
    for (let i = 0; i < 100; i++) timer.set(deadline(`o${String(i)}`, 10_000 - i));
    expect(clock.timers.size).toBe(1);
    expect([...clock.timers.values()][0]?.at).toBe(9_901);
  });

  it('never fires a deadline settled before it was due', async () => {
    const { clock, timer, fired } = timerWith();
    timer.set(deadline('confirmed', 1_000));
    timer.set(deadline('abandoned', 2_000));
    await clock.advance(500);
    timer.clear('confirmed');
    await clock.advance(5_000);
    expect(fired.map((f) => f.id)).toEqual(['abandoned']);
  });

  it('fires at once a deadline that passed while no process was running', async () => {
    const { clock, timer, fired } = timerWith();
    await clock.advance(60_000);
    timer.set(deadline('restored', 30_000));
    await clock.advance(0);
    expect(fired).toEqual([{ id: 'restored', at: 60_000 }]);
  });

  it('retries a deadline whose expiry could not be sent, until it is', async () => {
    let failures = 2;
    const { clock, timer, fired } = timerWith(() => {
      if (failures-- > 0) return Promise.reject(new Error('broker unavailable'));
      return Promise.resolve();
    });
    timer.set(deadline('o1', 1_000));
    await clock.advance(1_000);
    expect(fired).toEqual([]);
    await clock.advance(500);
    expect(fired).toEqual([]);
    await clock.advance(500);
    expect(fired).toEqual([{ id: 'o1', at: 2_000 }]);
  });

  it('arms in steps for a deadline beyond the longest timer delay', async () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    const timer = new DeadlineTimer({
      clock,
      maxDelayMs: 1_000,
      fire: (d) => {
        fired.push(d.aggregateId);
        return Promise.resolve();
      },
    });
    timer.set(deadline('far', 3_500));
    await clock.advance(3_499);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual(['far']);
  });

  it('fires nothing once stopped', async () => {
    const { clock, timer, fired } = timerWith();
    timer.set(deadline('o1', 1_000));
    timer.stop();
    await clock.advance(5_000);
    expect(fired).toEqual([]);
  });
});
