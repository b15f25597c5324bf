// A throwaway contract on disk (current schemas, released versions, generated output) for one test.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaPaths } from '../src/index.ts';

export interface ContractFixture {
  paths: SchemaPaths;
  /** Writes `<schemas>/<context>/<EventType>.avsc`. */
  writeCurrent(context: string, eventType: string, schema: unknown): Promise<string>;
  /** Writes `<released>/<context>/<EventType>.v<version>.avsc`. */
  writeReleased(
    context: string,
    eventType: string,
    version: number,
    schema: unknown,
  ): Promise<string>;
  /** Writes any file under the fixture's root, e.g. to plant a malformed schema. */
  writeRaw(relativePath: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function createContractFixture(): Promise<ContractFixture> {
  const root = await mkdtemp(join(tmpdir(), 'orderflow-schemas-'));
  const paths: SchemaPaths = {
    schemas: join(root, 'avro'),
    released: join(root, 'released'),
    generated: join(root, 'generated'),
  };
  const write = async (path: string, text: string) => {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    return path;
  };
  return {
    paths,
    writeCurrent: (context, eventType, schema) =>
      write(
        join(paths.schemas, context, `${eventType}.avsc`),
        `${JSON.stringify(schema, null, 2)}\n`,
      ),
    writeReleased: (context, eventType, version, schema) =>
      write(
        join(paths.released, context, `${eventType}.v${version}.avsc`),
        `${JSON.stringify(schema, null, 2)}\n`,
      ),
    writeRaw: (relativePath, text) => write(join(root, relativePath), text),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export interface FieldSpec {
  name: string;
  type: unknown;
  default?: unknown;
  doc?: string;
  aliases?: string[];
}

/** An event record that follows the conventions; fields get a doc unless the spec says otherwise. */
export function eventSchema(context: string, eventType: string, fields: FieldSpec[]) {
  return {
    type: 'record',
    name: eventType,
    namespace: `dev.orderflow.${context}`,
    doc: `${eventType}, as published on the ${context} events topic.`,
    fields: fields.map((field) => ({ doc: `The ${field.name}.`, ...field })),
  };
}
