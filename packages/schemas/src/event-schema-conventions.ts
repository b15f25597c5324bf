// The house rules of the public contract, checked on one schema file's JSON. Other teams decode our
// topics with TopicRecordNameStrategy subjects (`<topic>-<RecordFullName>`), so the record's full
// name is part of the contract and must be predictable from where the file sits.
import { avscTypeFor } from './avsc-type.ts';
import { isJsonObject, parseAvroSchema, type ParsedAvroSchema } from './avro-schema.ts';

export const contextNamePattern = /^[a-z][a-z0-9]*$/;
export const eventTypePattern = /^[A-Z][A-Za-z0-9]*$/;

export const namespaceOfContext = (context: string): string => `dev.orderflow.${context}`;

export interface ConventionVerdict {
  /** Present when the file is an Avro record we can reason about, even if some rules failed. */
  schema: ParsedAvroSchema | undefined;
  problems: string[];
}

/** `json` is the parsed file; `context` and `eventType` come from its path. */
export function checkEventSchemaConventions(
  json: unknown,
  context: string,
  eventType: string,
): ConventionVerdict {
  if (!isJsonObject(json) || json.type !== 'record') {
    return {
      schema: undefined,
      problems: ['is not an Avro record schema (top-level "type" must be "record")'],
    };
  }
  const identityProblems = recordIdentityProblems(json, context, eventType);
  const avroProblem = invalidAvroProblem(json);
  if (avroProblem !== undefined)
    return { schema: undefined, problems: [...identityProblems, avroProblem] };
  const schema = parseAvroSchema(json);
  const problems = [...identityProblems, ...missingDocProblems(schema)];
  // A misnamed record would be compared and generated under the wrong name: leave it out.
  return { schema: identityProblems.length === 0 ? schema : undefined, problems };
}

function recordIdentityProblems(
  json: Record<string, unknown>,
  context: string,
  eventType: string,
): string[] {
  const problems: string[] = [];
  if (json.name !== eventType) {
    problems.push(
      `record name ${JSON.stringify(json.name)} must equal the file name "${eventType}" (the event type)`,
    );
  }
  const namespace = namespaceOfContext(context);
  if (json.namespace !== namespace) {
    const found = json.namespace === undefined ? 'none' : JSON.stringify(json.namespace);
    problems.push(
      `namespace must be "${namespace}" (from its folder "${context}"), found ${found}`,
    );
  }
  return problems;
}

function invalidAvroProblem(json: Record<string, unknown>): string | undefined {
  try {
    avscTypeFor(json);
    return undefined;
  } catch (error) {
    return `is not a valid Avro schema: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function missingDocProblems(schema: ParsedAvroSchema): string[] {
  const problems: string[] = [];
  for (const type of schema.namedTypes.values()) {
    if (type.kind !== 'record') continue;
    const isEventRecord = type === schema.root;
    for (const field of type.fields) {
      if (field.doc?.trim()) continue;
      const fieldName = isEventRecord ? field.name : `${type.name}.${field.name}`;
      problems.push(
        `field "${fieldName}" has no "doc": every field of the public contract says what it means`,
      );
    }
  }
  return problems;
}
