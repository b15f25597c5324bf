import type { AppendOnlyReadModel } from '@orderflow/projections';
import { describe, expect, it } from 'vitest';
import { accountLedger } from '../src/account-ledger.ts';
import { eventHistory } from '../src/event-history.ts';
import { salesLines } from '../src/sales-lines.ts';
import { stockHistory } from './inventory-events.ts';
import {
  cancelledSaga,
  outOfStockSaga,
  timedOutThenPaidSaga,
  timedOutThenReservedSaga,
} from './order-events.ts';
import { accountHistory } from './payments-events.ts';

const everyEnvelope = [
  ...cancelledSaga,
  ...outOfStockSaga,
  ...timedOutThenPaidSaga,
  ...timedOutThenReservedSaga,
  ...stockHistory,
  ...accountHistory,
];

const models: AppendOnlyReadModel[] = [accountLedger, salesLines, eventHistory];

describe.each(models.map((model) => [model.name, model] as const))('%s', (_name, model) => {
  const rows = everyEnvelope.flatMap(model.rowsFor);

  it('yields rows for the fixtures (the checks below are not vacuous)', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  it('is deterministic: the same envelope always yields the same rows', () => {
    expect(everyEnvelope.flatMap(model.rowsFor)).toEqual(rows);
  });

  it('writes only to its tables, every row carrying its natural key', () => {
    for (const row of rows) {
      const key = model.naturalKeys[row.table];
      expect(key, `natural key of ${row.table}`).toBeDefined();
      for (const column of key ?? []) {
        expect(row.values[column], `${row.table}.${column}`).not.toBeNull();
        expect(row.values[column], `${row.table}.${column}`).toBeDefined();
      }
    }
  });

  it('gives each event of a stream its own natural key', () => {
    const streams = [
      cancelledSaga,
      outOfStockSaga,
      timedOutThenPaidSaga,
      stockHistory,
      accountHistory,
    ];
    for (const stream of streams) {
      const keys = stream
        .flatMap(model.rowsFor)
        .map((row) =>
          JSON.stringify([
            row.table,
            ...(model.naturalKeys[row.table] ?? []).map((c) => row.values[c]),
          ]),
        );
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('gives every row of a table the same columns, as one multi-row insert needs', () => {
    const columnsByTable = new Map<string, string>();
    for (const row of rows) {
      const columns = Object.keys(row.values).join(',');
      expect(columnsByTable.get(row.table) ?? columns).toBe(columns);
      columnsByTable.set(row.table, columns);
    }
  });

  it('declares a CREATE TABLE IF NOT EXISTS for each table, placed in {schema}', () => {
    for (const table of Object.keys(model.naturalKeys)) {
      const create = model.ddl.find((statement) =>
        statement.includes(`CREATE TABLE IF NOT EXISTS {schema}.${table} (`),
      );
      expect(create, table).toBeDefined();
      const primaryKey = `PRIMARY KEY (${(model.naturalKeys[table] ?? []).join(', ')})`;
      expect(create).toContain(primaryKey);
    }
    for (const statement of model.ddl) {
      expect(statement).toMatch(/^CREATE (TABLE|INDEX) IF NOT EXISTS /);
      expect(statement).toMatch(/ \{schema\}\.\w+ \(/);
    }
  });
});
