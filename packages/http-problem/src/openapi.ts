/**
 * The OpenAPI 3.1 description of a problem, shared by every service's document. `codes`, when
 * given, is the closed list a client may switch on.
 */
export const problemSchema = (codes?: readonly string[]) => ({
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: {
      type: 'string',
      ...(codes ? { enum: [...codes] } : {}),
      description: 'Stable error code: switch on this',
    },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
});

/** A response object whose body is the document's `Problem` component. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
