import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createTallyHarness, kafkaForTests } from './support/tally-harness.ts';

const memberScript = path.join(import.meta.dirname, 'fixtures/plain-group-member.ts');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** A plain member of the group in a process of its own; resolves once it has joined. */
const joinFromAnotherProcess = async (groupId: string, topic: string) => {
  const child = spawn(process.execPath, ['--import', 'tsx', memberScript, groupId, topic], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('joined')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`group member exited with ${String(code)}`));
    });
  });
  return child;
};

const capturingLogger = () => {
  const messages: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        messages.push(String((JSON.parse(line) as { msg?: unknown }).msg));
      },
    },
  );
  return { logger, messages };
};

const groupMembers = async (groupId: string) => {
  const admin = kafkaForTests('leave-test-admin').admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.map((member) => member.clientId) ?? [];
  } finally {
    await admin.disconnect();
  }
};

// A SIGTERM used to wait for the rebalance: KafkaJS's disconnect waits for its pending JoinGroup,
// which the coordinator answers only when a silent member's session has expired (45 s here).
describe('a command processor stopping while its group rebalances', () => {
  it('leaves within seconds, not after the silent member expires, and really leaves the group', async () => {
    const { logger, messages } = capturingLogger();
    const h = createTallyHarness({ logger });
    const processor = await h.startProcessor();
    const group = processor.consumerGroupId;
    const frozen = await joinFromAnotherProcess(group, processor.topics.commands);
    await sleep(1_000);
    frozen.kill('SIGSTOP'); // in the group, but never heartbeats nor rejoins again

    // A newcomer starts a rebalance that can complete only when the frozen member is expired.
    const rejoins = messages.filter((m) => m === 'group rebalancing: rejoining').length;
    void joinFromAnotherProcess(group, processor.topics.commands).catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      if (messages.filter((m) => m === 'group rebalancing: rejoining').length > rejoins) break;
      await sleep(100);
    }
    expect(messages.filter((m) => m === 'group rebalancing: rejoining').length).toBe(rejoins + 1);
    await sleep(1_000); // well inside the rejoin

    const stopping = Date.now();
    await processor.stop();
    expect(Date.now() - stopping, messages.join('\n')).toBeLessThan(10_000);
    expect(messages).toContain(
      'leaving during a rebalance: abandoning the rejoin that waits for other members',
    );
    // It sent LeaveGroup: the coordinator no longer counts it while the rebalance still waits.
    const members = await groupMembers(group);
    expect(members).toContain('plain-group-member');
    expect(members).not.toContain('processor-0');
  }, 120_000);
});
