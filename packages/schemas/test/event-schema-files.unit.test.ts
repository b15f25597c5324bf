import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurrentEventSchemas, loadReleasedEventSchemas } from '../src/index.ts';
import { createContractFixture, eventSchema, type ContractFixture } from './contract-fixture.ts';

const fields = [{ name: 'sku', type: 'string' }];

describe('loading event schema files', () => {
  let fixture: ContractFixture;
  beforeEach(async () => {
    fixture = await createContractFixture();
  });
  afterEach(async () => {
    await fixture.remove();
  });

  const problemsOf = async () => (await loadCurrentEventSchemas(fixture.paths.schemas)).problems;

  it('loads conforming schemas sorted by context, then event type', async () => {
    await fixture.writeCurrent(
      'payments',
      'CreditGranted',
      eventSchema('payments', 'CreditGranted', fields),
    );
    await fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('inventory', 'StockReserved', fields),
    );
    await fixture.writeCurrent(
      'inventory',
      'ProductRegistered',
      eventSchema('inventory', 'ProductRegistered', fields),
    );
    const loaded = await loadCurrentEventSchemas(fixture.paths.schemas);
    expect(loaded.problems).toEqual([]);
    expect(loaded.schemas.map((file) => file.subject)).toEqual([
      'inventory/ProductRegistered',
      'inventory/StockReserved',
      'payments/CreditGranted',
    ]);
  });

  it('treats a missing folder as an empty contract', async () => {
    const empty = { schemas: [], problems: [], rejectedSubjects: [] };
    expect(await loadCurrentEventSchemas(fixture.paths.schemas)).toEqual(empty);
    expect(await loadReleasedEventSchemas(fixture.paths.released)).toEqual(empty);
  });

  it('refuses a record whose name differs from its file name, naming the file', async () => {
    const path = await fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('inventory', 'StockHeld', fields),
    );
    const loaded = await loadCurrentEventSchemas(fixture.paths.schemas);
    expect(loaded.schemas).toEqual([]);
    expect(loaded.problems).toEqual([
      `${path}: record name "StockHeld" must equal the file name "StockReserved" (the event type)`,
    ]);
  });

  it('refuses a namespace that does not match the context folder', async () => {
    const path = await fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('orders', 'StockReserved', fields),
    );
    expect(await problemsOf()).toEqual([
      `${path}: namespace must be "dev.orderflow.inventory" (from its folder "inventory"), found "dev.orderflow.orders"`,
    ]);
  });

  it('refuses bad JSON, non-records and invalid Avro, naming the file', async () => {
    const badJson = await fixture.writeRaw(
      'avro/inventory/StockReserved.avsc',
      '{ "type": "record", ',
    );
    const notRecord = await fixture.writeRaw('avro/inventory/StockReleased.avsc', '"string"');
    const invalid = await fixture.writeCurrent(
      'inventory',
      'StockRestocked',
      eventSchema('inventory', 'StockRestocked', [
        { name: 'quantity', type: 'int', default: 'many' },
      ]),
    );
    const problems = await problemsOf();
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(
      expect.stringMatching(new RegExp(`^${badJson}: is not valid JSON: `)),
    );
    expect(problems).toContainEqual(
      `${notRecord}: is not an Avro record schema (top-level "type" must be "record")`,
    );
    expect(problems).toContainEqual(
      expect.stringMatching(new RegExp(`^${invalid}: is not a valid Avro schema: .*default`)),
    );
  });

  it('requires a doc on every field, nested ones included', async () => {
    const path = await fixture.writeCurrent('inventory', 'StockReserved', {
      ...eventSchema('inventory', 'StockReserved', fields),
      fields: [
        { name: 'sku', type: 'string' },
        {
          name: 'line',
          doc: 'The reserved line.',
          type: {
            type: 'record',
            name: 'ReservedLine',
            fields: [{ name: 'quantity', type: 'int' }],
          },
        },
      ],
    });
    const loaded = await loadCurrentEventSchemas(fixture.paths.schemas);
    expect(loaded.problems).toEqual([
      `${path}: field "sku" has no "doc": every field of the public contract says what it means`,
      `${path}: field "ReservedLine.quantity" has no "doc": every field of the public contract says what it means`,
    ]);
    // Still loaded, so that compatibility is checked in the same run.
    expect(loaded.schemas).toHaveLength(1);
  });

  it('refuses misplaced files and folder names that cannot be namespaces', async () => {
    const loose = await fixture.writeRaw('avro/StockReserved.avsc', '{}');
    const deep = await fixture.writeRaw('avro/inventory/v2/StockReserved.avsc', '{}');
    const upper = await fixture.writeCurrent(
      'Inventory',
      'StockReserved',
      eventSchema('Inventory', 'StockReserved', fields),
    );
    const problems = await problemsOf();
    expect(problems).toContainEqual(
      `${loose}: misplaced schema file; expected <context>/<EventType>.avsc`,
    );
    expect(problems).toContainEqual(
      `${deep}: misplaced schema file; expected <context>/<EventType>.avsc`,
    );
    expect(problems).toContainEqual(
      `${upper}: context folder "Inventory" must be lowercase letters and digits (it is part of the namespace)`,
    );
  });

  it('loads released versions and refuses a gap in them', async () => {
    const schema = eventSchema('inventory', 'StockReserved', fields);
    await fixture.writeReleased('inventory', 'StockReserved', 1, schema);
    await fixture.writeReleased('inventory', 'StockReserved', 3, schema);
    const misnamed = await fixture.writeRaw(
      'released/inventory/StockReserved.avsc',
      JSON.stringify(schema),
    );
    const loaded = await loadReleasedEventSchemas(fixture.paths.released);
    expect(loaded.schemas.map((file) => file.version)).toEqual([1, 3]);
    expect(loaded.problems).toEqual([
      `${misnamed}: misplaced schema file; expected <context>/<EventType>.v<N>.avsc`,
      expect.stringMatching(
        /StockReserved: released versions v1, v3 lack v2; released versions are never deleted/,
      ),
    ]);
  });
});
