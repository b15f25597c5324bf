import { z } from 'zod';
import { problemResponse as problem, problemSchema } from '@orderflow/http-problem';
import { securedBy, securitySchemes } from '@orderflow/http-security';
import type { CommandServiceOptions } from './command-app.ts';
import { problemCatalogue } from './problem.ts';

const acceptedSchema = {
  type: 'object',
  required: ['commandId', 'aggregateId', 'version', 'events'],
  properties: {
    commandId: { type: 'string' },
    aggregateId: { type: 'string' },
    commandType: { type: 'string' },
    version: { type: 'integer', description: 'The aggregate version after the command' },
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          eventId: { type: 'string' },
          type: { type: 'string' },
          version: { type: 'integer' },
        },
      },
    },
    consistencyToken: {
      type: ['string', 'null'],
      description: 'Send as X-Consistency-Token to read your writes',
    },
  },
};

/** The Location of every command: its status and outcome, on the service that took it. */
const commandStatusPath = (context: string) => ({
  get: {
    operationId: 'getCommandStatus',
    summary: 'The status and outcome of a command this service took',
    security: securedBy('queries:read'),
    parameters: [
      {
        name: 'context',
        in: 'path',
        required: true,
        schema: { type: 'string', enum: [context] },
        description: "This service's context; another one is 404 NOT_FOUND",
      },
      { name: 'commandId', in: 'path', required: true, schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'The command was decided',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['commandId', 'status', 'decidedAt'],
              properties: {
                commandId: { type: 'string' },
                status: { type: 'string', enum: ['accepted', 'rejected', 'conflict', 'invalid'] },
                decidedAt: { type: 'string', format: 'date-time' },
                result: {
                  description:
                    'The answer the command would have had with Prefer: wait: the accepted body, or the problem',
                  oneOf: [acceptedSchema, { $ref: '#/components/schemas/Problem' }],
                },
              },
            },
          },
        },
      },
      '401': problem('UNAUTHENTICATED: no, or an invalid, credential'),
      '403': problem('INSUFFICIENT_SCOPE: the credential lacks queries:read'),
      '404': problem('COMMAND_NOT_FOUND: no outcome (yet), or NOT_FOUND: another context'),
    },
  },
});

/** OpenAPI 3.1, generated from the same zod schemas that validate the requests. */
export const openApiDocument = (
  options: Pick<CommandServiceOptions, 'context' | 'title' | 'version' | 'routes'>,
) => ({
  openapi: '3.1.0',
  info: {
    title: options.title,
    version: options.version,
    description: `Commands of the ${options.context} context. Errors are application/problem+json with a stable \`code\`: ${Object.keys(problemCatalogue).join(', ')}.`,
  },
  paths: {
    '/v1/commands/{context}/{commandId}': commandStatusPath(options.context),
    ...Object.fromEntries(
      options.routes.map((route) => [
        route.path.replace(/:(\w+)/g, '{$1}'),
        {
          post: {
            operationId: route.operationId,
            summary: route.summary,
            security: securedBy('commands:write'),
            parameters: [
              ...Object.keys(
                (z.toJSONSchema(route.params) as { properties?: object }).properties ?? {},
              ).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                schema: { type: 'string' },
                description: 'Becomes the command id: a retry returns the first outcome',
              },
              {
                name: 'If-Match',
                in: 'header',
                required: false,
                schema: { type: 'string' },
                description: 'Expected aggregate version, e.g. "3"',
              },
              {
                name: 'Prefer',
                in: 'header',
                required: false,
                schema: { type: 'string' },
                description: 'wait=<seconds> (max 30): answer with the outcome',
              },
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) },
              },
            },
            responses: {
              [route.creates ? '201' : '200']: {
                description: 'Accepted and recorded (with Prefer: wait)',
                content: { 'application/json': { schema: acceptedSchema } },
              },
              ...(route.creates
                ? {
                    '200': {
                      description: 'Accepted; no new event was needed',
                      content: { 'application/json': { schema: acceptedSchema } },
                    },
                  }
                : {}),
              '202': { description: 'Taken; the outcome is at the Location URL' },
              '400': problem('Malformed JSON, invalid fields (all named), or an invalid header'),
              '404': problem('Unknown aggregate'),
              '401': problem('UNAUTHENTICATED: no, or an invalid, credential'),
              '403': problem('INSUFFICIENT_SCOPE: the credential lacks commands:write'),
              '409': problem('Version conflict (If-Match)'),
              '413': problem('Body too large'),
              '415': problem('Body is not application/json'),
              '429': problem('RATE_LIMITED: retry after Retry-After seconds'),
              '503': problem(
                "AUTH_UNAVAILABLE (Retry-After): the JWT issuer's key set cannot be fetched; SERVICE_UNAVAILABLE",
              ),
              '422': problem(
                'A business rule refused the command, or the Idempotency-Key was reused for another request',
              ),
            },
          },
        },
      ]),
    ),
  },
  components: { schemas: { Problem: problemSchema() }, securitySchemes },
});
