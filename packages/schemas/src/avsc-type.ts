import avsc from 'avsc';

type AvscSchema = Parameters<typeof avsc.Type.forSchema>[0];

/**
 * avsc's Type for a schema's JSON; throws avsc's own error when the JSON is not valid Avro.
 * Each call gets a fresh registry, so the same name in two schemas never clashes.
 */
export const avscTypeFor = (json: unknown): avsc.Type =>
  avsc.Type.forSchema(json as AvscSchema, { registry: {} });
