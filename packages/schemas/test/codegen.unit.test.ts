import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CodegenError,
  generateContractModules,
  loadCurrentEventSchemas,
  writeContractModules,
  type GeneratedModule,
} from '../src/index.ts';
import { createContractFixture, eventSchema, type ContractFixture } from './contract-fixture.ts';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

const productRegistered = eventSchema('inventory', 'ProductRegistered', [
  { name: 'sku', type: 'string', doc: 'Stock keeping unit, unique per product.' },
  { name: 'initialStock', type: 'int' },
  { name: 'registeredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
]);

const stockReserved = eventSchema('inventory', 'StockReserved', [
  { name: 'orderId', type: 'string' },
  {
    name: 'lines',
    type: {
      type: 'array',
      items: {
        type: 'record',
        name: 'ReservedLine',
        doc: 'One line of the order.\nQuantities are in units, never packs.',
        fields: [
          { name: 'sku', type: 'string', doc: 'The product.' },
          { name: 'quantity', type: 'int', doc: 'Units reserved. */ is escaped.' },
        ],
      },
    },
  },
  {
    name: 'status',
    type: { type: 'enum', name: 'ReservationStatus', symbols: ['HELD', 'EXPIRED'] },
  },
  { name: 'note', type: ['null', 'string'], default: null },
  { name: 'attributes', type: { type: 'map', values: ['null', 'long'] } },
  { name: 'checksum', type: { type: 'fixed', name: 'Checksum', size: 16 } },
  { name: 'previousLine', type: ['null', 'ReservedLine'], default: null },
  { name: 'tags', type: { type: 'array', items: ['string', 'int'] } },
]);

const creditGranted = eventSchema('payments', 'CreditGranted', [{ name: 'amount', type: 'long' }]);

describe('codegen', () => {
  let fixture: ContractFixture;
  beforeEach(async () => {
    fixture = await createContractFixture();
  });
  afterEach(async () => {
    await fixture.remove();
  });

  const generate = async () => {
    const loaded = await loadCurrentEventSchemas(fixture.paths.schemas);
    expect(loaded.problems).toEqual([]);
    return generateContractModules(loaded.schemas, fixture.paths.generated);
  };
  const moduleNamed = (modules: GeneratedModule[], fileName: string) =>
    modules.find((module) => module.fileName === fileName)?.content ?? '';

  it('generates payload interfaces, the event union and the schemas per context', async () => {
    await fixture.writeCurrent('inventory', 'StockReserved', stockReserved);
    await fixture.writeCurrent('inventory', 'ProductRegistered', productRegistered);
    await fixture.writeCurrent('payments', 'CreditGranted', creditGranted);
    const modules = await generate();
    expect(modules.map((module) => module.fileName)).toEqual([
      'inventory.ts',
      'payments.ts',
      'index.ts',
    ]);
    const inventory = moduleNamed(modules, 'inventory.ts');
    expect(
      inventory.startsWith(
        '// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.\n',
      ),
    ).toBe(true);
    for (const line of [
      'export interface ProductRegistered {',
      '  /** Stock keeping unit, unique per product. */\n  sku: string;',
      '  registeredAt: number;',
      'export interface StockReserved {',
      '  lines: ReservedLine[];',
      '  status: ReservationStatus;',
      '  note: string | null;',
      '  attributes: Record<string, number | null>;',
      '  checksum: Buffer;',
      '  previousLine: ReservedLine | null;',
      '  tags: (string | number)[];',
      '/**\n * One line of the order.\n * Quantities are in units, never packs.\n */\nexport interface ReservedLine {',
      '  /** Units reserved. *\\/ is escaped. */',
      "export type ReservationStatus = 'HELD' | 'EXPIRED';",
      "export type InventoryEvent =\n  | { type: 'ProductRegistered'; data: ProductRegistered }\n  | { type: 'StockReserved'; data: StockReserved };",
      "export type InventoryEventType = InventoryEvent['type'];",
      'export const inventoryEventSchemas = {\n  ProductRegistered: {',
      '} as const;',
    ]) {
      expect(inventory).toContain(line);
    }
    // Declared once, after the event that first uses it.
    expect(inventory.match(/export interface ReservedLine/g)).toHaveLength(1);
    expect(inventory.indexOf('export interface ReservedLine')).toBeGreaterThan(
      inventory.indexOf('export interface StockReserved'),
    );
    expect(moduleNamed(modules, 'index.ts')).toBe(
      "// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.\n\nexport * from './inventory.ts';\nexport * from './payments.ts';\n",
    );
  });

  it('is deterministic, whatever order the files were written in', async () => {
    await fixture.writeCurrent('payments', 'CreditGranted', creditGranted);
    await fixture.writeCurrent('inventory', 'StockReserved', stockReserved);
    await fixture.writeCurrent('inventory', 'ProductRegistered', productRegistered);
    const first = await generate();
    const loaded = await loadCurrentEventSchemas(fixture.paths.schemas);
    const reversed = await generateContractModules(
      [...loaded.schemas].reverse(),
      fixture.paths.generated,
    );
    expect(reversed).toEqual(first);
    expect(await generate()).toEqual(first);
  });

  it('generates code that type-checks strictly and carries the schemas at runtime', async () => {
    await fixture.writeCurrent('inventory', 'StockReserved', stockReserved);
    await fixture.writeCurrent('inventory', 'ProductRegistered', productRegistered);
    await fixture.writeCurrent('payments', 'CreditGranted', creditGranted);
    await writeContractModules(fixture.paths.generated, await generate());
    await fixture.writeRaw('package.json', '{ "type": "module" }\n');
    const usage = await fixture.writeRaw('usage.ts', usageOfGeneratedTypes);
    expect(typeErrors([usage])).toEqual([]);

    const generated = (await import(join(fixture.paths.generated, 'index.ts'))) as Record<
      string,
      unknown
    >;
    expect(generated.inventoryEventSchemas).toEqual({
      ProductRegistered: productRegistered,
      StockReserved: stockReserved,
    });
  });

  it('catches a wrong payload, so the type check above can fail', async () => {
    await fixture.writeCurrent('inventory', 'ProductRegistered', productRegistered);
    await writeContractModules(fixture.paths.generated, await generate());
    await fixture.writeRaw('package.json', '{ "type": "module" }\n');
    const misuse = await fixture.writeRaw(
      'misuse.ts',
      "import type { InventoryEvent } from './generated/index.ts';\n" +
        "export const event: InventoryEvent = { type: 'ProductRegistered', data: { sku: 'A', initialStock: '3', registeredAt: 0 } };\n",
    );
    expect(typeErrors([misuse])).toEqual([
      "misuse.ts:2: Type 'string' is not assignable to type 'number'.",
    ]);
  });

  it('generates an index exporting nothing when there are no schemas', async () => {
    const modules = await generate();
    expect(modules).toEqual([
      {
        fileName: 'index.ts',
        content:
          '// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.\n\nexport {};\n',
      },
    ]);
  });

  it('declares a nested type shared by two events once, and refuses two different ones', async () => {
    const money = (amountType: string) => ({
      name: 'price',
      type: {
        type: 'record',
        name: 'Money',
        fields: [{ name: 'amount', type: amountType, doc: 'In minor units.' }],
      },
    });
    await fixture.writeCurrent(
      'payments',
      'PaymentAuthorized',
      eventSchema('payments', 'PaymentAuthorized', [money('long')]),
    );
    await fixture.writeCurrent(
      'payments',
      'PaymentRefunded',
      eventSchema('payments', 'PaymentRefunded', [money('long')]),
    );
    const payments = moduleNamed(await generate(), 'payments.ts');
    expect(payments.match(/export interface Money \{/g)).toHaveLength(1);

    await fixture.writeCurrent(
      'payments',
      'PaymentRefunded',
      eventSchema('payments', 'PaymentRefunded', [money('string')]),
    );
    await expect(generate()).rejects.toThrow(
      'type "Money" is declared differently in PaymentAuthorized.avsc and PaymentRefunded.avsc',
    );
  });

  it('refuses one name exported by two contexts', async () => {
    await fixture.writeCurrent('inventory', 'StockReserved', stockReserved);
    await fixture.writeCurrent(
      'orders',
      'StockReserved',
      eventSchema('orders', 'StockReserved', [{ name: 'sku', type: 'string' }]),
    );
    await expect(generate()).rejects.toThrow(
      new CodegenError(
        'type "StockReserved" is declared in both inventory and orders; give one of them a name of its own',
      ),
    );
  });

  it('writes only what changed and removes modules of contexts that are gone', async () => {
    await fixture.writeCurrent('inventory', 'ProductRegistered', productRegistered);
    const payments = await fixture.writeCurrent('payments', 'CreditGranted', creditGranted);
    const first = await writeContractModules(fixture.paths.generated, await generate());
    expect(first.written.map((path) => basename(path))).toEqual([
      'inventory.ts',
      'payments.ts',
      'index.ts',
    ]);
    const handWritten = join(fixture.paths.generated, 'notes.ts');
    await writeFile(handWritten, 'export const notes = 1;\n');
    expect(await writeContractModules(fixture.paths.generated, await generate())).toEqual({
      written: [],
      removed: [],
    });

    await rm(payments);
    const second = await writeContractModules(fixture.paths.generated, await generate());
    expect(second).toEqual({
      written: [join(fixture.paths.generated, 'index.ts')],
      removed: [join(fixture.paths.generated, 'payments.ts')],
    });
    expect(await readFile(handWritten, 'utf8')).toBe('export const notes = 1;\n');
  });
});

const usageOfGeneratedTypes = `
import {
  inventoryEventSchemas,
  type CreditGranted,
  type InventoryEvent,
  type InventoryEventType,
  type StockReserved,
} from './generated/index.ts';

const reserved: StockReserved = {
  orderId: 'o-1',
  lines: [{ sku: 'A', quantity: 2 }],
  status: 'HELD',
  note: null,
  attributes: { weight: 3, unknown: null },
  checksum: Buffer.alloc(16),
  previousLine: null,
  tags: ['fragile', 1],
};
export const event: InventoryEvent = { type: 'StockReserved', data: reserved };
export const credit: CreditGranted = { amount: 100 };
export const types: InventoryEventType[] = ['ProductRegistered', 'StockReserved'];
// @ts-expect-error: OrderPlaced is not an inventory event type
export const notInventory: InventoryEventType = 'OrderPlaced';
// @ts-expect-error: EXPIRED and HELD are the only statuses
export const badStatus: StockReserved['status'] = 'CANCELLED';
export const recordName: 'StockReserved' = inventoryEventSchemas.StockReserved.name;

export function firstSku(inventoryEvent: InventoryEvent): string {
  switch (inventoryEvent.type) {
    case 'ProductRegistered':
      return inventoryEvent.data.sku;
    case 'StockReserved':
      return inventoryEvent.data.lines[0]?.sku ?? '';
  }
}
`;

/** Type-checks files with the repository's compiler options; returns `file:line: message`s. */
function typeErrors(rootNames: string[]): string[] {
  const configPath = join(repositoryRoot, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path)) as {
    config: unknown;
  };
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repositoryRoot);
  const program = ts.createProgram(rootNames, {
    ...options,
    typeRoots: [join(repositoryRoot, 'node_modules', '@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${basename(diagnostic.file.fileName)}:${line + 1}: ${message}`;
  });
}
