// Renders one bounded context's TypeScript module from its event schemas: payload interfaces,
// the event union discriminated on `type`, and the schemas the runtime registers. The output is
// prettier's input, so only its content has to be deterministic, not its layout.
import {
  dereference,
  type AvroEnum,
  type AvroRecord,
  type AvroType,
  type ParsedAvroSchema,
} from './avro-schema.ts';
import type { EventSchemaFile } from './event-schema-files.ts';

export const generatedHeader =
  '// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.';

export class CodegenError extends Error {
  override name = 'CodegenError';
}

export interface ContextModule {
  fileName: string;
  source: string;
  /** Every exported name, so the index can refuse two contexts exporting the same one. */
  exportedNames: string[];
}

/** Fixed types are not declared: they are plain `Buffer`s in TypeScript. */
type DeclaredType = AvroRecord | AvroEnum;

interface Declaration {
  text: string;
  declaredIn: string;
}

/** `schemas` are one context's current schemas, sorted by event type. */
export function renderContextModule(
  context: string,
  schemas: readonly EventSchemaFile[],
): ContextModule {
  const pascalContext = `${context.charAt(0).toUpperCase()}${context.slice(1)}`;
  const eventUnion = `${pascalContext}Event`;
  const eventTypeUnion = `${pascalContext}EventType`;
  const schemasConstant = `${context}EventSchemas`;
  const declarations = new Map<string, Declaration>();
  for (const file of schemas) {
    for (const type of namedTypesInOrder(file.schema)) {
      addDeclaration(declarations, type.name, {
        text: renderNamedType(type, file.schema),
        declaredIn: file.eventType,
      });
    }
  }
  for (const reserved of [eventUnion, eventTypeUnion]) {
    const clash = declarations.get(reserved);
    if (clash) {
      throw new CodegenError(
        `${context}/${clash.declaredIn}: type name "${reserved}" is reserved for the generated event union; rename the Avro type`,
      );
    }
  }
  const eventVariants = schemas.map(
    ({ eventType }) => `| { type: '${eventType}'; data: ${eventType} }`,
  );
  const schemaEntries = Object.fromEntries(schemas.map((file) => [file.eventType, file.json]));
  const source = [
    generatedHeader,
    ...[...declarations.values()].map((declaration) => declaration.text),
    `/** Every ${context} event: its payload under \`data\`, tagged with its event type. */\n` +
      `export type ${eventUnion} =\n${eventVariants.join('\n')};`,
    `export type ${eventTypeUnion} = ${eventUnion}['type'];`,
    `/** The Avro schema of each ${context} event type, as registered with the schema registry. */\n` +
      `export const ${schemasConstant} = ${JSON.stringify(schemaEntries, null, 2)} as const;`,
  ].join('\n\n');
  return {
    fileName: `${context}.ts`,
    source: `${source}\n`,
    exportedNames: [...declarations.keys(), eventUnion, eventTypeUnion, schemasConstant],
  };
}

function addDeclaration(
  declarations: Map<string, Declaration>,
  name: string,
  declaration: Declaration,
): void {
  const existing = declarations.get(name);
  if (!existing) {
    declarations.set(name, declaration);
    return;
  }
  // Each .avsc file is standalone, so a shared nested type is repeated in every event using it.
  if (existing.text !== declaration.text) {
    throw new CodegenError(
      `type "${name}" is declared differently in ${existing.declaredIn}.avsc and ${declaration.declaredIn}.avsc; make them identical or give them different names`,
    );
  }
}

/** The event record first, then the named types it uses, depth first, each once. */
function namedTypesInOrder(schema: ParsedAvroSchema): DeclaredType[] {
  const ordered: DeclaredType[] = [];
  const visit = (type: AvroType): void => {
    const resolved = dereference(type, schema);
    switch (resolved.kind) {
      case 'record':
        if (ordered.includes(resolved)) return;
        ordered.push(resolved);
        for (const field of resolved.fields) visit(field.type);
        return;
      case 'enum':
        if (!ordered.includes(resolved)) ordered.push(resolved);
        return;
      case 'array':
        visit(resolved.items);
        return;
      case 'map':
        visit(resolved.values);
        return;
      case 'union':
        for (const branch of resolved.branches) visit(branch);
        return;
      case 'fixed':
      case 'primitive':
        return;
    }
  };
  visit(schema.root);
  return ordered;
}

function renderNamedType(type: DeclaredType, schema: ParsedAvroSchema): string {
  const doc = jsDoc(type.doc, '');
  switch (type.kind) {
    case 'record': {
      if (type.fields.length === 0)
        return `${doc}export type ${type.name} = Record<string, never>;`;
      const fields = type.fields.map(
        (field) =>
          `${jsDoc(field.doc, '  ')}  ${field.name}: ${typeExpression(field.type, schema)};`,
      );
      return `${doc}export interface ${type.name} {\n${fields.join('\n')}\n}`;
    }
    case 'enum':
      return `${doc}export type ${type.name} = ${type.symbols.map((symbol) => `'${symbol}'`).join(' | ')};`;
  }
}

function typeExpression(type: AvroType, schema: ParsedAvroSchema): string {
  const resolved = dereference(type, schema);
  switch (resolved.kind) {
    case 'primitive':
      // Logical types keep their underlying type: avsc decodes without logical-type hooks.
      return primitiveTypeScript[resolved.name];
    case 'record':
    case 'enum':
      return resolved.name;
    case 'fixed':
      return 'Buffer';
    case 'array': {
      const items = typeExpression(resolved.items, schema);
      const isUnion = dereference(resolved.items, schema).kind === 'union' && items.includes(' | ');
      return isUnion ? `(${items})[]` : `${items}[]`;
    }
    case 'map':
      return `Record<string, ${typeExpression(resolved.values, schema)}>`;
    case 'union': {
      const branches = [
        ...new Set(resolved.branches.map((branch) => typeExpression(branch, schema))),
      ];
      // `["null", T]` reads best as `T | null`.
      const ordered = [
        ...branches.filter((b) => b !== 'null'),
        ...branches.filter((b) => b === 'null'),
      ];
      return ordered.join(' | ');
    }
  }
}

const primitiveTypeScript = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
} as const;

function jsDoc(doc: string | undefined, indent: string): string {
  const lines = (doc ?? '')
    .replaceAll('*/', '*\\/')
    .split('\n')
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0] ?? ''} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}
