import { isAbsolute, join, relative, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** Where the contract lives; every command takes overrides so tests can point at fixtures. */
export interface SchemaPaths {
  /** The current schemas: `<schemas>/<context>/<EventType>.avsc`. */
  schemas: string;
  /** The frozen versions: `<released>/<context>/<EventType>.v<N>.avsc`. */
  released: string;
  /** Where codegen writes one TypeScript module per context, plus `index.ts`. */
  generated: string;
}

export const defaultSchemaPaths: SchemaPaths = {
  schemas: join(repositoryRoot, 'schemas', 'avro'),
  released: join(repositoryRoot, 'schemas', 'released'),
  generated: join(repositoryRoot, 'packages', 'contracts', 'src', 'generated'),
};

/** A path as a person at the terminal would type it: relative to where they stand if inside. */
export function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}
