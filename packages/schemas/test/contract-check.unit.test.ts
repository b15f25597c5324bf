import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkContract,
  loadReleasedEventSchemas,
  regenerateContract,
  releaseContract,
} from '../src/index.ts';
import {
  createContractFixture,
  eventSchema,
  type ContractFixture,
  type FieldSpec,
} from './contract-fixture.ts';

const sku: FieldSpec = { name: 'sku', type: 'string' };
const quantity: FieldSpec = { name: 'quantity', type: 'int' };

describe('check and release', () => {
  let fixture: ContractFixture;
  beforeEach(async () => {
    fixture = await createContractFixture();
  });
  afterEach(async () => {
    await fixture.remove();
  });

  const writeStockReserved = (fields: FieldSpec[]) =>
    fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('inventory', 'StockReserved', fields),
    );
  const codegen = async () => {
    expect((await regenerateContract(fixture.paths)).problems).toEqual([]);
  };
  const problemMessages = async () =>
    (await checkContract(fixture.paths)).problems.map(({ message }) => message);

  it('passes a contract whose generated code is up to date', async () => {
    await writeStockReserved([sku, quantity]);
    await codegen();
    expect((await checkContract(fixture.paths)).problems).toEqual([]);
  });

  it('reports missing and stale generated code', async () => {
    await writeStockReserved([sku, quantity]);
    expect(await problemMessages()).toEqual([
      `${join(fixture.paths.generated, 'inventory.ts')} is missing`,
      `${join(fixture.paths.generated, 'index.ts')} is missing`,
    ]);
    await codegen();
    await writeStockReserved([
      sku,
      quantity,
      { name: 'warehouse', type: ['null', 'string'], default: null },
    ]);
    const { problems } = await checkContract(fixture.paths);
    expect(problems).toEqual([
      {
        category: 'codegen',
        message: `${join(fixture.paths.generated, 'inventory.ts')} is out of date`,
      },
    ]);
  });

  it('reports hand edits to generated code', async () => {
    await writeStockReserved([sku, quantity]);
    await codegen();
    const index = join(fixture.paths.generated, 'index.ts');
    await writeFile(index, `${await readFile(index, 'utf8')}export const extra = 1;\n`);
    expect(await problemMessages()).toEqual([`${index} is out of date`]);
  });

  it('lists convention and compatibility problems together, by category', async () => {
    await fixture.writeReleased(
      'inventory',
      'StockReserved',
      1,
      eventSchema('inventory', 'StockReserved', [sku, quantity]),
    );
    await writeStockReserved([sku, { name: 'quantity', type: 'string' }]);
    const misnamed = await fixture.writeCurrent(
      'inventory',
      'StockReleased',
      eventSchema('inventory', 'StockFreed', [sku]),
    );
    const { problems } = await checkContract(fixture.paths);
    expect(problems).toEqual([
      {
        category: 'convention',
        message: `${misnamed}: record name "StockFreed" must equal the file name "StockReleased" (the event type)`,
      },
      {
        category: 'compatibility',
        message:
          'inventory/StockReserved: field "quantity" changed type from int to string (the current schema cannot read v1 data; v1 readers cannot read new data)',
      },
    ]);
  });

  it('does not call a released event type deleted when its current file is merely broken', async () => {
    const schema = eventSchema('inventory', 'StockReserved', [sku, quantity]);
    await fixture.writeReleased('inventory', 'StockReserved', 1, schema);
    const broken = await fixture.writeRaw('avro/inventory/StockReserved.avsc', '{ "type": ');
    expect(await problemMessages()).toEqual([
      expect.stringMatching(new RegExp(`^${broken}: is not valid JSON`)),
    ]);
  });

  it('refuses to generate from a contract that breaks the conventions', async () => {
    await writeStockReserved([sku]);
    const misnamed = await fixture.writeCurrent(
      'inventory',
      'StockReleased',
      eventSchema('inventory', 'StockFreed', [sku]),
    );
    expect(await regenerateContract(fixture.paths)).toEqual({
      problems: [
        {
          category: 'convention',
          message: `${misnamed}: record name "StockFreed" must equal the file name "StockReleased" (the event type)`,
        },
      ],
      written: [],
      removed: [],
    });
  });

  it('freezes v1, then v2 after a compatible change, and nothing when nothing changed', async () => {
    const v1Text = await writeStockReserved([sku, quantity]).then((path) => readFile(path, 'utf8'));
    await codegen();
    const first = await releaseContract(fixture.paths);
    const v1Path = join(fixture.paths.released, 'inventory', 'StockReserved.v1.avsc');
    expect(first).toEqual({
      problems: [],
      frozen: [{ subject: 'inventory/StockReserved', version: 1, path: v1Path }],
    });
    expect(await readFile(v1Path, 'utf8')).toBe(v1Text);

    expect(await releaseContract(fixture.paths)).toEqual({ problems: [], frozen: [] });

    await writeStockReserved([
      sku,
      quantity,
      { name: 'warehouse', type: ['null', 'string'], default: null },
    ]);
    await codegen();
    const second = await releaseContract(fixture.paths);
    expect(second.frozen).toEqual([
      {
        subject: 'inventory/StockReserved',
        version: 2,
        path: join(fixture.paths.released, 'inventory', 'StockReserved.v2.avsc'),
      },
    ]);
    expect(await readFile(v1Path, 'utf8')).toBe(v1Text);
  });

  it('does not freeze a new version for formatting alone', async () => {
    const schema = eventSchema('inventory', 'StockReserved', [sku, quantity]);
    await fixture.writeReleased('inventory', 'StockReserved', 1, schema);
    await fixture.writeRaw('avro/inventory/StockReserved.avsc', JSON.stringify(schema));
    await codegen();
    expect(await releaseContract(fixture.paths)).toEqual({ problems: [], frozen: [] });
  });

  it('refuses a breaking change, naming the field, and freezes nothing', async () => {
    await writeStockReserved([sku, quantity]);
    await codegen();
    await releaseContract(fixture.paths);
    await writeStockReserved([sku, quantity, { name: 'warehouse', type: 'string' }]);
    await codegen();
    const outcome = await releaseContract(fixture.paths);
    expect(outcome).toEqual({
      frozen: [],
      problems: [
        {
          category: 'compatibility',
          message:
            'inventory/StockReserved: field "warehouse" was added without a default (readers of v1 data cannot fill it)',
        },
      ],
    });
    const released = await loadReleasedEventSchemas(fixture.paths.released);
    expect(released.schemas.map(({ version }) => version)).toEqual([1]);
  });
});
