import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import { header, policyCommandId, PolicyRunner, type SagaPolicy } from '../src/index.ts';
import { readHeader } from '../src/messages/headers.ts';
import type { TallyEvent } from './fixtures/tally/generated/tally.ts';
import { tallyContext } from './fixtures/tally/counter.ts';
import {
  createTallyHarness,
  kafkaForTests,
  registryForTests,
  testLogger,
} from './support/tally-harness.ts';

// A policy between two real tally contexts on Kafka: a counter opened in the source is opened
// in the target by the policy. Its command and the events it decides name the policy as their
// issuer, where a client's command names the client.
const source = createTallyHarness();
const target = createTallyHarness();
const policyName = uniqueName('mirror');
const mirror: SagaPolicy = {
  name: policyName,
  sourceContext: source.name,
  react: (event: TallyEvent, meta: { aggregateId: string }) =>
    event.type === 'CounterOpened'
      ? [
          {
            type: 'OpenCounter',
            aggregateId: meta.aggregateId,
            data: { limit: event.data.limit },
            key: 'mirror',
          },
        ]
      : [],
};
let runner: PolicyRunner | undefined;

afterAll(async () => {
  await runner?.stop();
  await Promise.all([source.close(), target.close()]);
});

const until = async <T>(read: () => Promise<T | undefined>, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await read();
    if (found !== undefined || Date.now() > end) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

describe('commands a policy issues', () => {
  it('carry issuedBy policy:<name> on the command record and on the events they decide', async () => {
    await Promise.all([source.startProcessor(), target.startProcessor()]);
    await Promise.all([source.client.start(), target.client.start()]);
    runner = new PolicyRunner(mirror, {
      kafka: kafkaForTests('policy-issuer'),
      registry: registryForTests(),
      logger: testLogger,
      sourceSchemas: tallyContext(source.name).eventSchemas,
      client: target.client,
    });
    await runner.start();

    const { commandId } = await source.client.submit({
      type: 'OpenCounter',
      aggregateId: 'c-1',
      data: { limit: 7 },
      issuedBy: 'api-key:tester',
    });
    await source.client.waitForOutcome(commandId, 30_000);
    const [original] = await source.readEvents();
    expect(original?.issuedBy).toBe('api-key:tester');

    const mirrored = await until(async () =>
      (await target.readEvents()).find((event) => event.aggregateId === 'c-1'),
    );
    expect(mirrored?.commandId).toBe(
      policyCommandId(policyName, original?.eventId ?? '', 'mirror'),
    );
    expect(mirrored?.issuedBy).toBe(`policy:${policyName}`);
    const commands = await target.readTopic('commands');
    expect(commands.map((record) => readHeader(record.headers, header.issuedBy))).toEqual([
      `policy:${policyName}`,
    ]);
  });
});
