import { describe, expect, it } from 'vitest';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { AvroConfluentSchema } from '@kafkajs/confluent-schema-registry/dist/@types.js';
import { loadEndpoints } from '@orderflow/config';
import { uniqueName } from '@orderflow/testing';

// Proves the Confluent client works against our registry: TopicRecordNameStrategy subjects,
// Confluent wire format, and transitive compatibility enforced by the registry itself.
const registryUrl = loadEndpoints().schemaRegistryUrl;

const orderPlaced = (extraFields: object[] = []) => ({
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'dev.orderflow.smoke',
  fields: [{ name: 'orderId', type: 'string' }, { name: 'total', type: 'long' }, ...extraFields],
});

const avro = (schema: object): AvroConfluentSchema => ({
  type: SchemaType.AVRO,
  schema: JSON.stringify(schema),
});

// Apicurio answers GET /config/{subject} with the global level where Confluent answers 404, and
// the client refuses to register when that differs from its option: always pass it explicitly.
const contract = { compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE };

const subjectCompatibility = async (subject: string) => {
  const response = await fetch(`${registryUrl}/config/${encodeURIComponent(subject)}`);
  return (await response.json()) as { compatibilityLevel?: string; compatibility?: string };
};

describe('@kafkajs/confluent-schema-registry against the embedded registry', () => {
  it('registers, encodes in the Confluent wire format, and decodes with a fresh client', async () => {
    const subject = `${uniqueName('smoke.events')}-dev.orderflow.smoke.OrderPlaced`;
    const writer = new SchemaRegistry({ host: registryUrl });
    const { id } = await writer.register(avro(orderPlaced()), { subject, ...contract });

    const encoded = await writer.encode(id, { orderId: 'o-1', total: 1250 });
    expect(encoded.readUInt8(0)).toBe(0); // magic byte
    expect(encoded.readInt32BE(1)).toBe(id); // schema id

    const reader = new SchemaRegistry({ host: registryUrl }); // no cache: resolves the id remotely
    expect(await reader.decode(encoded)).toEqual({ orderId: 'o-1', total: 1250 });

    const again = await writer.register(avro(orderPlaced()), { subject, ...contract });
    expect(again.id).toBe(id);
  });

  it('accepts a backward-compatible evolution and refuses a breaking one', async () => {
    const subject = `${uniqueName('smoke.events')}-dev.orderflow.smoke.OrderPlaced`;
    const registry = new SchemaRegistry({ host: registryUrl });
    await registry.register(avro(orderPlaced()), { subject, ...contract });
    expect(await subjectCompatibility(subject)).toMatchObject({
      compatibilityLevel: 'BACKWARD_TRANSITIVE',
    });

    const withDefault = orderPlaced([{ name: 'note', type: ['null', 'string'], default: null }]);
    const evolved = await registry.register(avro(withDefault), { subject, ...contract });
    const breaking = orderPlaced([{ name: 'currency', type: 'string' }]); // no default: old events unreadable

    await expect(registry.register(avro(breaking), { subject, ...contract })).rejects.toMatchObject(
      { status: 409 },
    );
    expect(await registry.getLatestSchemaId(subject)).toBe(evolved.id);

    const check = await fetch(
      `${registryUrl}/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: JSON.stringify(breaking) }),
      },
    );
    expect(await check.json()).toMatchObject({ is_compatible: false });
  });
});
