import { describe, expect, it } from 'vitest';
import { uniqueName } from '@orderflow/testing';
import { AvroEventSerde, type AvroRecordSchema } from '../src/index.ts';
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
    await expect(serde.decode(Buffer.from('{"orderId":"o-1"}'))).rejects.toThrow(/wire format/);
  });
});
