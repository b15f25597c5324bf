import { describe, expect, it } from 'vitest';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { closedPort, uniqueName } from '@orderflow/testing';
import { AvroEventSerde, type DomainEvent } from '../src/index.ts';
import { readSourceEvent } from '../src/policy/read-source-event.ts';
import { tallyContext } from './fixtures/tally/counter.ts';
import { registryForTests, testLogger } from './support/tally-harness.ts';

const settings = { retryBaseMs: 20, retryMaxMs: 50 };

describe('readSourceEvent against the real registry', () => {
  it('keeps retrying a good event while the registry is down, and never calls it unreadable', async () => {
    const name = uniqueName('read-source');
    const topic = `${name}.events`;
    const schemas = tallyContext(name).eventSchemas;
    const serde = new AvroEventSerde<DomainEvent>(registryForTests(), topic, schemas);
    await serde.register();
    const value = serde.encode({ type: 'CounterOpened', data: { counterId: 'c-1', limit: 3 } });
    const down = new SchemaRegistry({ host: `http://127.0.0.1:${String(await closedPort())}` });
    const record = { policy: 'p', topic, partition: 0, offset: '0', value };

    let heartbeats = 0;
    const owned = {
      keepGoing: () => heartbeats < 3,
      heartbeat: () => {
        heartbeats += 1;
        return Promise.resolve();
      },
    };
    const unreachable = new AvroEventSerde<DomainEvent>(down, topic, schemas);
    expect(await readSourceEvent(unreachable, record, owned, settings, testLogger)).toBe('left');
    expect(heartbeats).toBeGreaterThanOrEqual(3);

    const always = { keepGoing: () => true, heartbeat: () => Promise.resolve() };
    expect(await readSourceEvent(serde, record, always, settings, testLogger)).toEqual({
      type: 'CounterOpened',
      data: { counterId: 'c-1', limit: 3 },
    });
    const poison = { ...record, value: Buffer.from('not avro') };
    expect(await readSourceEvent(serde, poison, always, settings, testLogger)).toBe('unreadable');
  });
});
