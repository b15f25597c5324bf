import { describe, expect, it } from 'vitest';
import { avscTypeFor } from '../src/avsc-type.ts';
import { findReadProblems, parseAvroSchema } from '../src/index.ts';

// The walk must agree with avsc on WHETHER a reader reads a writer (avsc is the authority);
// it only adds WHERE. Every pair of these field types is tried in both roles.
const fieldTypes: unknown[] = [
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
  ['null', 'string'],
  ['null', 'int'],
  ['null', 'long'],
  ['int', 'string'],
  ['null', 'string', 'int'],
  { type: 'array', items: 'int' },
  { type: 'array', items: 'long' },
  { type: 'array', items: ['null', 'string'] },
  { type: 'map', values: 'string' },
  { type: 'map', values: 'bytes' },
  { type: 'enum', name: 'Status', symbols: ['A', 'B'] },
  { type: 'enum', name: 'Status', symbols: ['A'] },
  { type: 'enum', name: 'Status', symbols: ['A', 'B', 'C'], default: 'A' },
  { type: 'enum', name: 'Mood', symbols: ['A', 'B'] },
  { type: 'fixed', name: 'Hash', size: 16 },
  { type: 'fixed', name: 'Hash', size: 32 },
  { type: 'record', name: 'Money', fields: [{ name: 'amount', type: 'long' }] },
  { type: 'record', name: 'Money', fields: [{ name: 'amount', type: 'int' }] },
  {
    type: 'record',
    name: 'Money',
    fields: [
      { name: 'amount', type: 'long' },
      { name: 'currency', type: 'string', default: 'EUR' },
    ],
  },
  { type: 'record', name: 'Money', fields: [{ name: 'cents', type: 'long' }] },
  { type: 'record', name: 'Price', fields: [{ name: 'amount', type: 'long' }] },
  ['null', { type: 'record', name: 'Money', fields: [{ name: 'amount', type: 'long' }] }],
];

const eventWith = (type: unknown) => ({
  type: 'record',
  name: 'StockReserved',
  namespace: 'dev.orderflow.inventory',
  fields: [{ name: 'value', type }],
});

const avscReads = (reader: unknown, writer: unknown): boolean => {
  try {
    avscTypeFor(reader).createResolver(avscTypeFor(writer));
    return true;
  } catch {
    return false;
  }
};

describe('findReadProblems', () => {
  it('agrees with avsc on every pair of field types', () => {
    const disagreements: string[] = [];
    for (const readerType of fieldTypes) {
      for (const writerType of fieldTypes) {
        const [reader, writer] = [eventWith(readerType), eventWith(writerType)];
        const problems = findReadProblems(parseAvroSchema(reader), parseAvroSchema(writer));
        if ((problems.length === 0) !== avscReads(reader, writer)) {
          disagreements.push(
            `${JSON.stringify(readerType)} reading ${JSON.stringify(writerType)}: ${JSON.stringify(problems)}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('points at the nested field, not the record holding it', () => {
    const [reader, writer] = [fieldTypes[24], fieldTypes[25]].map((type) =>
      parseAvroSchema(eventWith(type)),
    );
    expect(reader && writer && findReadProblems(writer, reader)).toEqual([
      { kind: 'type-changed', path: 'value.amount', readerType: 'int', writerType: 'long' },
    ]);
  });

  it('reads a recursive schema without walking forever', () => {
    const node = (extraField: object[]) => ({
      type: 'record',
      name: 'Category',
      namespace: 'dev.orderflow.inventory',
      fields: [
        { name: 'name', type: 'string' },
        { name: 'parent', type: ['null', 'Category'], default: null },
        ...extraField,
      ],
    });
    const reader = parseAvroSchema(node([{ name: 'depth', type: 'int' }]));
    const writer = parseAvroSchema(node([]));
    expect(findReadProblems(reader, writer)).toEqual([{ kind: 'missing-field', path: 'depth' }]);
    expect(findReadProblems(writer, reader)).toEqual([]);
  });
});
