import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkCompatibility,
  loadCurrentEventSchemas,
  loadReleasedEventSchemas,
} from '../src/index.ts';
import {
  createContractFixture,
  eventSchema,
  type ContractFixture,
  type FieldSpec,
} from './contract-fixture.ts';

const sku: FieldSpec = { name: 'sku', type: 'string' };
const quantity: FieldSpec = { name: 'quantity', type: 'int' };

describe('checkCompatibility (FULL_TRANSITIVE)', () => {
  let fixture: ContractFixture;
  beforeEach(async () => {
    fixture = await createContractFixture();
  });
  afterEach(async () => {
    await fixture.remove();
  });

  const release = (version: number, fields: FieldSpec[]) =>
    fixture.writeReleased(
      'inventory',
      'StockReserved',
      version,
      eventSchema('inventory', 'StockReserved', fields),
    );
  const current = (fields: FieldSpec[]) =>
    fixture.writeCurrent(
      'inventory',
      'StockReserved',
      eventSchema('inventory', 'StockReserved', fields),
    );
  const violations = async () => {
    const loadedCurrent = await loadCurrentEventSchemas(fixture.paths.schemas);
    const loadedReleased = await loadReleasedEventSchemas(fixture.paths.released);
    expect([...loadedCurrent.problems, ...loadedReleased.problems]).toEqual([]);
    return checkCompatibility(loadedCurrent.schemas, loadedReleased.schemas);
  };

  it('accepts an unchanged schema and an optional field added with a default', async () => {
    await release(1, [sku, quantity]);
    await current([sku, quantity]);
    expect(await violations()).toEqual([]);
    await current([sku, quantity, { name: 'warehouse', type: ['null', 'string'], default: null }]);
    expect(await violations()).toEqual([]);
  });

  it('accepts removing a field that has a default', async () => {
    await release(1, [sku, quantity, { name: 'note', type: 'string', default: '' }]);
    await current([sku, quantity]);
    expect(await violations()).toEqual([]);
  });

  it('names a field added without a default', async () => {
    await release(1, [sku, quantity]);
    await current([sku, quantity, { name: 'warehouse', type: 'string' }]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "warehouse" was added without a default (readers of v1 data cannot fill it)',
    ]);
  });

  it('names a field removed while old readers have no default for it', async () => {
    await release(1, [sku, quantity, { name: 'note', type: 'string' }]);
    await current([sku, quantity]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "note" was removed but has no default in v1 (v1 readers cannot read new data)',
    ]);
  });

  it('names a field whose type changed, in both directions', async () => {
    await release(1, [sku, quantity]);
    await current([sku, { name: 'quantity', type: 'string' }]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "quantity" changed type from int to string (the current schema cannot read v1 data; v1 readers cannot read new data)',
    ]);
  });

  it('refuses a promotion old readers cannot undo (int -> long breaks forward)', async () => {
    await release(1, [sku, quantity]);
    await current([sku, { name: 'quantity', type: 'long' }]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "quantity" changed type from int to long (v1 readers cannot read new data)',
    ]);
  });

  it('names an enum that lost a symbol, and one that gained a symbol without a default', async () => {
    const status = (symbols: string[], extra: object = {}) => ({
      name: 'status',
      type: { type: 'enum', name: 'ReservationStatus', symbols, ...extra },
    });
    await release(1, [sku, status(['HELD', 'EXPIRED'])]);
    await current([sku, status(['HELD'])]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: enum ReservationStatus of field "status" lost symbol "EXPIRED" and has no enum default (the current schema cannot read v1 data holding it)',
    ]);
    await current([sku, status(['HELD', 'EXPIRED', 'RELEASED'])]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: enum ReservationStatus of field "status" gained symbol "RELEASED" but has no enum default in v1 (v1 readers cannot read new data holding it)',
    ]);
  });

  it('accepts a new enum symbol when every released enum has a default', async () => {
    const status = (symbols: string[]) => ({
      name: 'status',
      type: { type: 'enum', name: 'ReservationStatus', symbols, default: 'UNKNOWN' },
    });
    await release(1, [sku, status(['UNKNOWN', 'HELD'])]);
    await current([sku, status(['UNKNOWN', 'HELD', 'RELEASED'])]);
    expect(await violations()).toEqual([]);
  });

  it('walks into arrays of nested records to name the field', async () => {
    const lines = (lineFields: object[]) => ({
      name: 'lines',
      type: {
        type: 'array',
        items: { type: 'record', name: 'ReservedLine', fields: lineFields },
      },
    });
    await release(1, [
      lines([
        { name: 'sku', type: 'string', doc: 'd' },
        { name: 'quantity', type: 'int', doc: 'd' },
      ]),
    ]);
    await current([
      lines([
        { name: 'sku', type: 'string', doc: 'd' },
        { name: 'quantity', type: 'double', doc: 'd' },
      ]),
    ]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "lines[].quantity" changed type from int to double (v1 readers cannot read new data)',
    ]);
  });

  it('names a union branch that old readers do not know', async () => {
    await release(1, [sku, { name: 'note', type: ['null', 'string'], default: null }]);
    await current([sku, { name: 'note', type: ['null', 'string', 'int'], default: null }]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "note" gained union branch int (v1 readers cannot read new data)',
    ]);
  });

  it('names a field made required that old data may not hold', async () => {
    await release(1, [sku, { name: 'note', type: ['null', 'string'], default: null }]);
    await current([sku, { name: 'note', type: 'string' }]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "note" changed type from null | string to string (the current schema cannot read v1 data)',
    ]);
  });

  it('checks every released version, not only the latest', async () => {
    // v2 added `warehouse` with a default; dropping the default is fine against v2 (which always
    // writes it) but not against v1, whose events do not carry it and are still replayed.
    await release(1, [sku]);
    await release(2, [sku, { name: 'warehouse', type: 'string', default: 'main' }]);
    await current([sku, { name: 'warehouse', type: 'string' }]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "warehouse" was added without a default (readers of v1 data cannot fill it)',
    ]);
  });

  it('flags a change between two logical types that avsc alone would let through', async () => {
    const placedAt = (logicalType: string) => ({
      name: 'reservedAt',
      type: { type: 'long', logicalType },
    });
    await release(1, [sku, placedAt('timestamp-millis')]);
    await current([sku, placedAt('timestamp-micros')]);
    expect(await violations()).toEqual([
      'inventory/StockReserved: field "reservedAt" changed logical type from long (timestamp-millis) to long (timestamp-micros) (the current schema would misread v1 data; v1 readers would misread new data)',
    ]);
  });

  it("still fails, in avsc's words, when avsc refuses what the field walk accepts", async () => {
    // A field whose aliases match two written fields is ambiguous to avsc, not to the walk.
    await release(1, [
      sku,
      { name: 'quantity', type: 'int', default: 0 },
      { name: 'amount', type: 'int', default: 0 },
    ]);
    await current([
      sku,
      { name: 'amount', type: 'int', default: 0 },
      { name: 'units', type: 'int', default: 0, aliases: ['quantity', 'amount'] },
    ]);
    expect(await violations()).toEqual([
      expect.stringMatching(
        /^inventory\/StockReserved: avsc cannot resolve it: ambiguous aliasing .* \(the current schema cannot read v1 data\)$/,
      ),
    ]);
  });

  it('refuses deleting a released event type', async () => {
    await release(1, [sku]);
    const messages = await violations();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^inventory\/StockReserved: released as v1, but its current schema is gone/,
    );
  });
});
