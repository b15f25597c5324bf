// Walks Avro schema resolution (reader schema reading writer data) the way avsc does, but reports
// WHERE it fails. avsc's resolver stays the authority (see compatibility.ts); this walk exists
// because its errors name types, not fields.
import {
  describeType,
  dereference,
  type AvroEnum,
  type AvroNamedType,
  type AvroPrimitiveName,
  type AvroRecord,
  type AvroType,
  type ParsedAvroSchema,
} from './avro-schema.ts';

/** `path` is dotted from the event record: `lines[].sku`, `attributes{}.source`. */
export type ReadProblem =
  | { kind: 'missing-field'; path: string }
  | { kind: 'type-changed'; path: string; readerType: string; writerType: string }
  | { kind: 'unreadable-union-branch'; path: string; branch: string }
  | { kind: 'unknown-enum-symbols'; path: string; enumName: string; symbols: string[] }
  | { kind: 'renamed'; path: string; readerName: string; writerName: string }
  | { kind: 'logical-type-changed'; path: string; readerType: string; writerType: string };

type ResolvedType = Exclude<AvroType, { kind: 'reference' }>;

interface Walk {
  reader: ParsedAvroSchema;
  writer: ParsedAvroSchema;
  /** Record pairs being walked: a recursive schema is assumed readable on the second visit. */
  recordsInProgress: Set<string>;
}

// Avro's promotions: the writer's type (value) may be read as the reader's type (key).
const promotableFrom: Record<AvroPrimitiveName, readonly AvroPrimitiveName[]> = {
  null: ['null'],
  boolean: ['boolean'],
  int: ['int'],
  long: ['long', 'int'],
  float: ['float', 'int', 'long'],
  double: ['double', 'int', 'long', 'float'],
  bytes: ['bytes', 'string'],
  string: ['string', 'bytes'],
};

/** Every reason `reader` cannot read data written with `writer`; empty when it can. */
export function findReadProblems(
  reader: ParsedAvroSchema,
  writer: ParsedAvroSchema,
): ReadProblem[] {
  const walk: Walk = { reader, writer, recordsInProgress: new Set() };
  return resolve(walk, reader.root, writer.root, '');
}

function resolve(
  walk: Walk,
  readerType: AvroType,
  writerType: AvroType,
  path: string,
): ReadProblem[] {
  const reader = dereference(readerType, walk.reader);
  const writer = dereference(writerType, walk.writer);
  if (writer.kind === 'union') {
    // Data written with a union may hold any branch: the reader must read each one.
    return writer.branches.flatMap((branch) => {
      const written = dereference(branch, walk.writer);
      if (reader.kind === 'union') return resolveIntoUnion(walk, reader, written, path, true);
      return resolveSameShape(walk, reader, written, path).map((problem) =>
        problem.kind === 'type-changed' && problem.path === path
          ? { ...problem, writerType: describeType(writer, walk.writer) }
          : problem,
      );
    });
  }
  if (reader.kind === 'union') return resolveIntoUnion(walk, reader, writer, path, false);
  return resolveSameShape(walk, reader, writer, path);
}

function resolveIntoUnion(
  walk: Walk,
  reader: Extract<ResolvedType, { kind: 'union' }>,
  writer: ResolvedType,
  path: string,
  writerIsUnionBranch: boolean,
): ReadProblem[] {
  // Like avsc, the first reader branch that can read the writer's type wins.
  if (reader.branches.some((branch) => resolve(walk, branch, writer, path).length === 0)) return [];
  const counterpart = reader.branches.find((branch) =>
    isCounterpart(dereference(branch, walk.reader), writer),
  );
  if (counterpart) return resolve(walk, counterpart, writer, path);
  const writerType = describeType(writer, walk.writer);
  if (writerIsUnionBranch) return [{ kind: 'unreadable-union-branch', path, branch: writerType }];
  const readerType = describeType(reader, walk.reader);
  return [{ kind: 'type-changed', path, readerType, writerType }];
}

/** The reader's version of the writer's type, so the walk can say what changed inside it. */
function isCounterpart(reader: ResolvedType, writer: ResolvedType): boolean {
  if (reader.kind !== writer.kind) return false;
  if (reader.kind === 'primitive' && writer.kind === 'primitive')
    return reader.name === writer.name;
  if (isNamed(reader) && isNamed(writer)) {
    return reader.name === writer.name || answersTo(reader, writer.fullName);
  }
  return reader.kind === 'array' || reader.kind === 'map';
}

function resolveSameShape(
  walk: Walk,
  reader: ResolvedType,
  writer: ResolvedType,
  path: string,
): ReadProblem[] {
  const typeChanged = (): ReadProblem[] => [
    {
      kind: 'type-changed',
      path,
      readerType: describeType(reader, walk.reader),
      writerType: describeType(writer, walk.writer),
    },
  ];
  switch (reader.kind) {
    case 'primitive':
      if (writer.kind !== 'primitive' || !promotableFrom[reader.name].includes(writer.name)) {
        return typeChanged();
      }
      return logicalTypeProblems(walk, reader, writer, path);
    case 'record':
      if (writer.kind !== 'record') return typeChanged();
      return renamedProblems(reader, writer, path) ?? resolveRecord(walk, reader, writer, path);
    case 'enum':
      if (writer.kind !== 'enum') return typeChanged();
      return renamedProblems(reader, writer, path) ?? enumProblems(reader, writer, path);
    case 'fixed':
      if (writer.kind !== 'fixed' || writer.size !== reader.size) return typeChanged();
      return (
        renamedProblems(reader, writer, path) ?? logicalTypeProblems(walk, reader, writer, path)
      );
    case 'array':
      if (writer.kind !== 'array') return typeChanged();
      return resolve(walk, reader.items, writer.items, `${path}[]`);
    case 'map':
      if (writer.kind !== 'map') return typeChanged();
      return resolve(walk, reader.values, writer.values, `${path}{}`);
    case 'union':
      return resolve(walk, reader, writer, path);
  }
}

function resolveRecord(
  walk: Walk,
  reader: AvroRecord,
  writer: AvroRecord,
  path: string,
): ReadProblem[] {
  const pair = `${reader.fullName}<-${writer.fullName}`;
  if (walk.recordsInProgress.has(pair)) return [];
  walk.recordsInProgress.add(pair);
  const problems = reader.fields.flatMap((field): ReadProblem[] => {
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    const written = writer.fields.find(
      (candidate) => candidate.name === field.name || field.aliases.includes(candidate.name),
    );
    if (written) return resolve(walk, field.type, written.type, fieldPath);
    // A field the writer never wrote is filled from the reader's default, if it has one.
    return field.hasDefault ? [] : [{ kind: 'missing-field', path: fieldPath }];
  });
  walk.recordsInProgress.delete(pair);
  return problems;
}

function enumProblems(reader: AvroEnum, writer: AvroEnum, path: string): ReadProblem[] {
  // An enum default (Avro 1.9+) is what a reader substitutes for a symbol it does not know.
  if (reader.default !== undefined) return [];
  const symbols = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
  if (symbols.length === 0) return [];
  return [{ kind: 'unknown-enum-symbols', path, enumName: reader.name, symbols }];
}

function renamedProblems(
  reader: AvroNamedType,
  writer: AvroNamedType,
  path: string,
): ReadProblem[] | undefined {
  if (answersTo(reader, writer.fullName)) return undefined;
  return [{ kind: 'renamed', path, readerName: reader.fullName, writerName: writer.fullName }];
}

// avsc ignores logical types when it resolves, so the bytes stay readable; but a long holding
// timestamp-micros read as timestamp-millis is silently off by 1000x. Only a change between two
// declared logical types is flagged: adding one to a plain long documents what was already there.
function logicalTypeProblems(
  walk: Walk,
  reader: { logicalType: string | undefined } & ResolvedType,
  writer: { logicalType: string | undefined } & ResolvedType,
  path: string,
): ReadProblem[] {
  const { logicalType: readerLogical } = reader;
  const { logicalType: writerLogical } = writer;
  if (readerLogical === undefined || writerLogical === undefined) return [];
  if (readerLogical === writerLogical) return [];
  return [
    {
      kind: 'logical-type-changed',
      path,
      readerType: describeType(reader, walk.reader),
      writerType: describeType(writer, walk.writer),
    },
  ];
}

const isNamed = (type: ResolvedType): type is AvroNamedType =>
  type.kind === 'record' || type.kind === 'enum' || type.kind === 'fixed';

const answersTo = (reader: AvroNamedType, writerFullName: string): boolean =>
  reader.fullName === writerFullName || reader.aliases.includes(writerFullName);
