import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTallyHarness,
  expectContiguous,
  versionsByAggregate,
} from './support/tally-harness.ts';

const script = path.join(import.meta.dirname, 'fixtures/tally/run-processor.ts');
const children: ChildProcess[] = [];

const startProcessorProcess = async (name: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', script, name, '40'], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  // DEBUG_CHILDREN=1 shows the processors' logs: what a stuck run was doing.
  if (process.env.DEBUG_CHILDREN)
    child.stdout.on('data', (chunk: Buffer) =>
      process.stderr.write(`[${String(child.pid)}] ${chunk.toString()}`),
    );
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => {
      reject(new Error(`processor exited with ${String(code)} before starting:\n${output}`));
    };
    const checkStarted = () => {
      if (!output.includes('command processor started')) return;
      child.stdout.off('data', checkStarted);
      child.off('exit', onExit);
      resolve();
    };
    child.stdout.on('data', checkStarted);
    child.once('exit', onExit);
  });
  child.stdout.off('data', collect);
  child.stderr.off('data', collect);
  child.stdout.resume();
  child.stderr.resume();
  return child;
};

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('a command processor that crashes, and partitions that move', () => {
  it('loses nothing and duplicates nothing: every command decided once, versions contiguous (read back from the topic)', async () => {
    const h = createTallyHarness();
    const first = await startProcessorProcess(h.name);
    await h.client.start();

    const counters = Array.from({ length: 12 }, () => randomUUID());
    const commandIds: string[] = [];
    const addsPerCounter = new Map(counters.map((id) => [id, 0]));
    for (const counterId of counters)
      commandIds.push(
        (
          await h.client.submit({
            type: 'OpenCounter',
            data: { limit: 1_000_000 },
            aggregateId: counterId,
          })
        ).commandId,
      );
    const flow = { submitting: true };
    const submitter = (async () => {
      while (flow.submitting) {
        for (const counterId of counters) {
          commandIds.push(
            (
              await h.client.submit({
                type: 'AddToCounter',
                data: { amount: 1 },
                aggregateId: counterId,
              })
            ).commandId,
          );
          addsPerCounter.set(counterId, (addsPerCounter.get(counterId) ?? 0) + 1);
        }
        await sleep(25);
      }
    })();
    const decided = () => commandIds.filter((id) => h.client.outcome(id)).length;
    const untilDecided = async (count: number) => {
      while (decided() < count) await sleep(20);
    };

    // Commands keep flowing while: A is killed -9; B takes over; C joins (partitions split);
    // B leaves (its partitions move to C).
    await untilDecided(60);
    first.kill('SIGKILL');
    await exited(first);
    const second = await startProcessorProcess(h.name);
    await untilDecided(decided() + 100);
    const third = await startProcessorProcess(h.name);
    await untilDecided(decided() + 100);
    second.kill('SIGTERM');
    await exited(second);
    await untilDecided(decided() + 100);
    flow.submitting = false;
    await submitter;

    // Summaries, not whole arrays: a failure must say what is wrong without dumping thousands of records.
    const outcomes = await Promise.all(commandIds.map((id) => h.client.waitForOutcome(id, 60_000)));
    const notAccepted = outcomes.flatMap((o, i) =>
      o?.status === 'accepted'
        ? []
        : [
            `${commandIds[i] ?? ''}: ${o ? `${o.status} ${'code' in o ? o.code : ''}` : 'no outcome'}`,
          ],
    );
    expect(notAccepted.slice(0, 10)).toEqual([]);
    third.kill('SIGTERM');
    await exited(third);

    const events = await h.readEvents();
    expect(events.length).toBe(
      counters.length + [...addsPerCounter.values()].reduce((a, b) => a + b, 0),
    );
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    const eventsPerCommand = new Map<string, number>();
    for (const event of events)
      eventsPerCommand.set(event.commandId, (eventsPerCommand.get(event.commandId) ?? 0) + 1);
    const notExactlyOnce = commandIds
      .filter((id) => eventsPerCommand.get(id) !== 1)
      .map((id) => `${id}: ${String(eventsPerCommand.get(id) ?? 0)} events`);
    expect(notExactlyOnce.slice(0, 10)).toEqual([]);
    const gaps = [...versionsByAggregate(events)]
      .filter(([, versions]) => !expectContiguous(versions))
      .map(([id, versions]) => `${id}: ${versions.slice(0, 20).join(',')}`);
    expect(gaps).toEqual([]);
    const wrongTotals = events.filter(
      (e) => e.event.type === 'CounterIncremented' && e.event.data.total !== e.version - 1,
    ).length;
    expect(wrongTotals).toBe(0);
    await h.close();
  }, 180_000);
});
