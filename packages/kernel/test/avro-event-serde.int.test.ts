import { describe, expect, it } from 'vitest';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { closedPort, uniqueName } from '@orderflow/testing';
import { AvroEventSerde, UndecodableEventError, type AvroRecordSchema } from '../src/index.ts';
import { registryForTests } from './support/tally-harness.ts';

type Placed = { type: 'OrderPlaced'; data: Record<string, unknown> };

const placed = (fields: object[]): AvroRecordSchema => ({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'dev.orderflow.serdetest',
  fields: [{ name: 'orderId', type: 'string' }, ...fields],
});

describe('the Avro event serde against the real registry', () => {
  it('reads events written with an older schema through the current one, defaults filled in', async () => {
    const topic = `${uniqueName('serde')}.events`;
    const registry = registryForTests();
    const v1 = new AvroEventSerde<Placed>(registry, topic, { OrderPlaced: placed([]) });
    await v1.register();
    const written = v1.encode({ type: 'OrderPlaced', data: { orderId: 'o-1' } });

    const v2 = new AvroEventSerde<Placed>(registry, topic, {
      OrderPlaced: placed([{ name: 'note', type: ['null', 'string'], default: null }]),
    });
    await v2.register();
    expect(await v2.decode(written)).toEqual({
      type: 'OrderPlaced',
      data: { orderId: 'o-1', note: null },
    });
    expect(
      await v1.decode(v2.encode({ type: 'OrderPlaced', data: { orderId: 'o-2', note: 'hi' } })),
    ).toEqual({
      type: 'OrderPlaced',
      data: { orderId: 'o-2' },
    });
  });

  it('is refused by the registry when a schema breaks FULL_TRANSITIVE compatibility', async () => {
    const topic = `${uniqueName('serde')}.events`;
    const registry = registryForTests();
    await new AvroEventSerde<Placed>(registry, topic, { OrderPlaced: placed([]) }).register();
    const breaking = new AvroEventSerde<Placed>(registry, topic, {
      OrderPlaced: placed([{ name: 'total', type: 'long' }]),
    });
    await expect(breaking.register()).rejects.toMatchObject({ status: 409 });
  });

  it('refuses to encode an event that does not match its schema, naming the field', async () => {
    const serde = new AvroEventSerde<Placed>(registryForTests(), `${uniqueName('serde')}.events`, {
      OrderPlaced: placed([{ name: 'total', type: 'long' }]),
    });
    await serde.register();
    expect(() =>
      serde.encode({ type: 'OrderPlaced', data: { orderId: 'o-1', total: 'ten' } }),
    ).toThrow(/total/);
  });

  it('refuses to decode bytes that are not in the Confluent wire format', async () => {
    const serde = new AvroEventSerde<Placed>(registryForTests(), `${uniqueName('serde')}.events`, {
      OrderPlaced: placed([]),
    });
    const decoding = serde.decode(Buffer.from('{"orderId":"o-1"}'));
    await expect(decoding).rejects.toThrow(/wire format/);
    await expect(decoding).rejects.toBeInstanceOf(UndecodableEventError);
  });

  it('tells a record that will never decode from a registry that cannot answer now', async () => {
    const topic = `${uniqueName('serde')}.events`;
    const serde = new AvroEventSerde<Placed>(registryForTests(), topic, {
      OrderPlaced: placed([{ name: 'total', type: 'long' }]),
    });
    await serde.register();
    const written = serde.encode({ type: 'OrderPlaced', data: { orderId: 'o-1', total: 10 } });
    const withSchemaId = (id: number) => {
      const copy = Buffer.from(written);
      copy.writeInt32BE(id, 1);
      return copy;
    };

    // Never decodes: a schema id the registry does not know, bytes cut short.
    await expect(serde.decode(withSchemaId(2_000_000_000))).rejects.toBeInstanceOf(
      UndecodableEventError,
    );
    await expect(serde.decode(written.subarray(0, 7))).rejects.toBeInstanceOf(
      UndecodableEventError,
    );
    // A schema of another topic's event is not an event of this one.
    const other = new AvroEventSerde<Placed>(registryForTests(), `${uniqueName('serde')}.x`, {
      OrderPlaced: { ...placed([]), name: 'SomethingElse' },
    });
    await other.register();
    const foreign = other.encode({ type: 'OrderPlaced', data: { orderId: 'o-2' } });
    await expect(serde.decode(foreign)).rejects.toBeInstanceOf(UndecodableEventError);

    // Transient: the same good record through a registry that is down is not "undecodable".
    const down = new SchemaRegistry({ host: `http://127.0.0.1:${String(await closedPort())}` });
    const unreachable = new AvroEventSerde<Placed>(down, topic, {
      OrderPlaced: placed([{ name: 'total', type: 'long' }]),
    });
    const failure = await unreachable.decode(written).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(UndecodableEventError);
    // Once the registry answers, it decodes.
    expect(await serde.decode(written)).toEqual({
      type: 'OrderPlaced',
      data: { orderId: 'o-1', total: 10 },
    });
  });
});
