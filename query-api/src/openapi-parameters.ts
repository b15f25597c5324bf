import { z } from 'zod';

interface ObjectSchema {
  readonly properties?: Record<string, unknown>;
  readonly required?: readonly string[];
}

/** OpenAPI parameters from the zod object schema a route validates its path or query with. */
export const parametersOf = (schema: z.ZodType, where: 'path' | 'query') => {
  const json = z.toJSONSchema(schema, { io: 'input' }) as ObjectSchema;
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, parameterSchema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: parameterSchema,
  }));
};

/** A JSON answer whose body the zod schema describes (as the route sends it). */
export const jsonResponse = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'output' }) } },
});
