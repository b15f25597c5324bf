// A typed view of an Avro schema's JSON, for the walks that avsc does not offer: naming the field
// behind an incompatibility and generating TypeScript. Callers validate the JSON with avsc first,
// so this parser only has to be precise about shapes avsc accepts.

export const avroPrimitiveNames = [
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
] as const;
export type AvroPrimitiveName = (typeof avroPrimitiveNames)[number];

export interface AvroPrimitive {
  kind: 'primitive';
  name: AvroPrimitiveName;
  logicalType: string | undefined;
}

interface AvroNamedBase {
  /** The short name, as written in TypeScript and in messages. */
  name: string;
  fullName: string;
  /** Full names this type also answers to when it reads data written under another name. */
  aliases: string[];
  doc: string | undefined;
}

export interface AvroField {
  name: string;
  aliases: string[];
  doc: string | undefined;
  type: AvroType;
  hasDefault: boolean;
}

export interface AvroRecord extends AvroNamedBase {
  kind: 'record';
  fields: AvroField[];
}

export interface AvroEnum extends AvroNamedBase {
  kind: 'enum';
  symbols: string[];
  default: string | undefined;
}

export interface AvroFixed extends AvroNamedBase {
  kind: 'fixed';
  size: number;
  logicalType: string | undefined;
}

export type AvroNamedType = AvroRecord | AvroEnum | AvroFixed;

/** A later use of a named type, by full name: schemas may be recursive, trees may not. */
export interface AvroReference {
  kind: 'reference';
  fullName: string;
}

export type AvroType =
  | AvroPrimitive
  | AvroNamedType
  | AvroReference
  | { kind: 'array'; items: AvroType }
  | { kind: 'map'; values: AvroType }
  | { kind: 'union'; branches: AvroType[] };

export interface ParsedAvroSchema {
  root: AvroType;
  namedTypes: ReadonlyMap<string, AvroNamedType>;
}

export class AvroSchemaShapeError extends Error {
  override name = 'AvroSchemaShapeError';
}

type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPrimitiveName = (value: unknown): value is AvroPrimitiveName =>
  avroPrimitiveNames.some((name) => name === value);

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];

export function parseAvroSchema(json: unknown): ParsedAvroSchema {
  const namedTypes = new Map<string, AvroNamedType>();
  const root = parseType(json, undefined, namedTypes);
  return { root, namedTypes };
}

/** Follows a reference to its definition; any other type is returned as is. */
export function dereference(
  type: AvroType,
  schema: ParsedAvroSchema,
): Exclude<AvroType, AvroReference> {
  if (type.kind !== 'reference') return type;
  const definition = schema.namedTypes.get(type.fullName);
  if (!definition) throw new AvroSchemaShapeError(`undefined type ${type.fullName}`);
  return definition;
}

function parseType(
  json: unknown,
  namespace: string | undefined,
  namedTypes: Map<string, AvroNamedType>,
): AvroType {
  if (typeof json === 'string') {
    if (isPrimitiveName(json)) return { kind: 'primitive', name: json, logicalType: undefined };
    return { kind: 'reference', fullName: resolveReference(json, namespace, namedTypes) };
  }
  if (Array.isArray(json)) {
    return {
      kind: 'union',
      branches: json.map((branch) => parseType(branch, namespace, namedTypes)),
    };
  }
  if (!isJsonObject(json)) throw new AvroSchemaShapeError(`not a type: ${JSON.stringify(json)}`);
  switch (json.type) {
    case 'record':
    case 'error':
      return parseRecord(json, namespace, namedTypes);
    case 'enum':
      return register(namedTypes, {
        kind: 'enum',
        ...namedBase(json, namespace),
        symbols: stringList(json.symbols),
        default: optionalString(json.default),
      });
    case 'fixed':
      return register(namedTypes, {
        kind: 'fixed',
        ...namedBase(json, namespace),
        size: typeof json.size === 'number' ? json.size : 0,
        logicalType: optionalString(json.logicalType),
      });
    case 'array':
      return { kind: 'array', items: parseType(json.items, namespace, namedTypes) };
    case 'map':
      return { kind: 'map', values: parseType(json.values, namespace, namedTypes) };
    default:
      if (isPrimitiveName(json.type)) {
        return {
          kind: 'primitive',
          name: json.type,
          logicalType: optionalString(json.logicalType),
        };
      }
      // `{ "type": "Money" }` or `{ "type": { ... } }`: a wrapped type.
      return parseType(json.type, namespace, namedTypes);
  }
}

function parseRecord(
  json: JsonObject,
  namespace: string | undefined,
  namedTypes: Map<string, AvroNamedType>,
): AvroRecord {
  const record: AvroRecord = { kind: 'record', ...namedBase(json, namespace), fields: [] };
  // Registered before its fields are parsed, so that a field may refer to its own record.
  register(namedTypes, record);
  const fieldNamespace = namespaceOf(record.fullName);
  const fields = Array.isArray(json.fields) ? json.fields : [];
  for (const field of fields) {
    if (!isJsonObject(field) || typeof field.name !== 'string') {
      throw new AvroSchemaShapeError(`record ${record.fullName} has a field without a name`);
    }
    record.fields.push({
      name: field.name,
      aliases: stringList(field.aliases),
      doc: optionalString(field.doc),
      type: parseType(field.type, fieldNamespace, namedTypes),
      hasDefault: 'default' in field,
    });
  }
  return record;
}

function namedBase(json: JsonObject, enclosingNamespace: string | undefined): AvroNamedBase {
  if (typeof json.name !== 'string') {
    throw new AvroSchemaShapeError(`a named type has no name: ${JSON.stringify(json)}`);
  }
  const ownNamespace = optionalString(json.namespace) ?? enclosingNamespace;
  const fullName = qualify(json.name, ownNamespace);
  const namespace = namespaceOf(fullName);
  return {
    name: fullName.slice(fullName.lastIndexOf('.') + 1),
    fullName,
    aliases: stringList(json.aliases).map((alias) => qualify(alias, namespace)),
    doc: optionalString(json.doc),
  };
}

function register<T extends AvroNamedType>(namedTypes: Map<string, AvroNamedType>, type: T): T {
  namedTypes.set(type.fullName, type);
  return type;
}

function resolveReference(
  name: string,
  namespace: string | undefined,
  namedTypes: ReadonlyMap<string, AvroNamedType>,
): string {
  // A short name refers first to the enclosing namespace, then to the null namespace.
  const candidates = name.includes('.') ? [name] : [qualify(name, namespace), name];
  const found = candidates.find((candidate) => namedTypes.has(candidate));
  if (found === undefined) throw new AvroSchemaShapeError(`undefined type ${name}`);
  return found;
}

const qualify = (name: string, namespace: string | undefined): string =>
  name.includes('.') || !namespace ? name : `${namespace}.${name}`;

const namespaceOf = (fullName: string): string | undefined => {
  const lastDot = fullName.lastIndexOf('.');
  return lastDot === -1 ? undefined : fullName.slice(0, lastDot);
};

/** A short human description of a type, for messages: `int`, `array<string>`, `null | Money`. */
export function describeType(type: AvroType, schema: ParsedAvroSchema): string {
  const resolved = dereference(type, schema);
  switch (resolved.kind) {
    case 'primitive':
      return resolved.logicalType ? `${resolved.name} (${resolved.logicalType})` : resolved.name;
    case 'record':
      return `record ${resolved.name}`;
    case 'enum':
      return `enum ${resolved.name}`;
    case 'fixed':
      return `fixed ${resolved.name}(${resolved.size})`;
    case 'array':
      return `array<${describeType(resolved.items, schema)}>`;
    case 'map':
      return `map<${describeType(resolved.values, schema)}>`;
    case 'union':
      return resolved.branches.map((branch) => describeType(branch, schema)).join(' | ');
  }
}
