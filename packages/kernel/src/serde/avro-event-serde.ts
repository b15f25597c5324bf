import avro from 'avsc';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { DomainEvent } from '../decider.ts';

export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly fields: readonly unknown[];
}

interface WriterResolution {
  readonly type: string;
  readonly resolver: avro.Resolver;
  readonly reader: avro.Type;
}

const magicByte = 0;
const headerLength = 5;

/**
 * FULL_TRANSITIVE: a new schema must read every older one (replays read the whole history) and
 * be readable by every older one (other teams upgrade their consumers on their own schedule).
 */
export const eventSubjectCompatibility = COMPATIBILITY.FULL_TRANSITIVE;

/** TopicRecordNameStrategy: several event types share a topic, one subject per type. */
export const eventSubject = (topic: string, schema: AvroRecordSchema) =>
  `${topic}-${schema.namespace ? `${schema.namespace}.` : ''}${schema.name}`;

export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
}

/**
 * A record no retry will ever decode: not in the Confluent wire format, a schema id the
 * registry does not know (404), a schema that is not an event of the topic, or bytes that do
 * not match their schema. Any other decode failure (the registry unreachable, a 5xx) is
 * transient, and is thrown as it came: the caller retries it rather than parking the record.
 */
export class UndecodableEventError extends Error {
  override readonly name = 'UndecodableEventError';
}

/** The registry client's ResponseError carries the HTTP status; 404 = no such schema id. */
const isUnknownSchemaId = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 404;

/**
 * Events in the Confluent wire format (magic byte, 4-byte schema id, Avro binary), so any
 * Confluent-aware consumer decodes them. Writing uses the registered id of our current schema;
 * reading resolves the writer's schema (fetched by id, cached) into our current one, so events
 * written with older versions are read with today's fields and defaults.
 */
export class AvroEventSerde<E extends DomainEvent> {
  private readonly readerTypes = new Map<string, avro.Type>();
  private readonly typeByFullName = new Map<string, string>();
  private readonly writerIds = new Map<string, number>();
  // Promises, not values: concurrent decodes of a new schema id share one registry lookup
  // (each lookup builds an avsc Type, which is costly) instead of racing thousands of them.
  private readonly resolvers = new Map<number, Promise<WriterResolution>>();

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly topic: string,
    private readonly schemas: Readonly<Record<E['type'], AvroRecordSchema>>,
  ) {
    for (const [type, schema] of Object.entries<AvroRecordSchema>(this.schemas)) {
      const avroType = avro.Type.forSchema(schema as avro.Schema);
      this.readerTypes.set(type, avroType);
      this.typeByFullName.set(avroType.name ?? type, type);
    }
  }

  /** Registers every current schema; the registry refuses (409) one that breaks compatibility. */
  async register(): Promise<void> {
    for (const [type, schema] of Object.entries<AvroRecordSchema>(this.schemas)) {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject: eventSubject(this.topic, schema), compatibility: eventSubjectCompatibility },
      );
      this.writerIds.set(type, id);
    }
  }

  /** The Avro full name of an event type (`dev.orderflow.inventory.StockReserved`). */
  fullName(type: E['type']): string {
    return this.readerTypes.get(type)?.name ?? type;
  }

  encode(event: E): Buffer {
    const id = this.writerIds.get(event.type);
    const type = this.readerTypes.get(event.type);
    if (id === undefined || type === undefined) {
      throw new UnknownEventTypeError(
        `no registered schema for event type ${event.type} (call register() first)`,
      );
    }
    const invalidPaths: string[] = [];
    if (
      !type.isValid(event.data, {
        errorHook: (path) => invalidPaths.push(path.join('.') || '(root)'),
      })
    ) {
      throw new TypeError(
        `event ${event.type} does not match its schema at: ${invalidPaths.join(', ')}`,
      );
    }
    const header = Buffer.alloc(headerLength);
    header.writeUInt8(magicByte, 0);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, type.toBuffer(event.data)]);
  }

  /** Throws UndecodableEventError for a record that will never decode (see there). */
  async decode(value: Buffer): Promise<E> {
    if (value.length < headerLength || value.readUInt8(0) !== magicByte) {
      throw new UndecodableEventError(
        'not in the Confluent wire format (magic byte 0 + schema id)',
      );
    }
    const id = value.readInt32BE(1);
    const { type, resolver, reader } = await this.resolverFor(id).catch((error: unknown) => {
      if (error instanceof UnknownEventTypeError || isUnknownSchemaId(error)) {
        throw new UndecodableEventError(`schema id ${id}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      throw error;
    });
    try {
      return {
        type,
        data: reader.fromBuffer(value.subarray(headerLength), resolver) as unknown,
      } as E;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UndecodableEventError(`${type} (schema id ${id}) does not read: ${reason}`, {
        cause: error,
      });
    }
  }

  private resolverFor(id: number): Promise<WriterResolution> {
    let resolution = this.resolvers.get(id);
    if (!resolution) {
      resolution = this.resolveWriter(id);
      this.resolvers.set(id, resolution);
      void resolution.catch(() => this.resolvers.delete(id)); // a registry hiccup must not stick
    }
    return resolution;
  }

  private async resolveWriter(id: number): Promise<WriterResolution> {
    const writer = (await this.registry.getSchema(id)) as unknown as avro.Type;
    const type = writer.name ? this.typeByFullName.get(writer.name) : undefined;
    const reader = type ? this.readerTypes.get(type) : undefined;
    if (!type || !reader)
      throw new UnknownEventTypeError(
        `schema id ${id} (${writer.name ?? 'unnamed'}) is not an event type of ${this.topic}`,
      );
    return { type, resolver: reader.createResolver(writer), reader };
  }
}
