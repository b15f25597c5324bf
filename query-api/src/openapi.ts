import { problemResponse as problem, problemSchema } from '@orderflow/http-problem';
import { securedBy, securitySchemes } from '@orderflow/http-security';
import { parkedEventsPaths } from './admin/parked-events-openapi.ts';
import { parametersOf } from './openapi-parameters.ts';
import { problemCatalogue } from './problem.ts';
import { projectionDefinition, topicsOf } from './projections.ts';
import type { ReadRoute } from './read-route.ts';

const consistencyParameter = (route: ReadRoute) => ({
  name: 'X-Consistency-Token',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: `A command response's consistencyToken: the read waits (bounded) until ${route.projections.join(' and ')} ha${route.projections.length > 1 ? 've' : 's'} applied it. Accepted for events of ${topicsOf(route.projections).join(', ')}.`,
});

const operationOf = (route: ReadRoute) => ({
  get: {
    operationId: route.operationId,
    summary: route.summary,
    security: securedBy('queries:read'),
    parameters: [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      consistencyParameter(route),
    ],
    responses: {
      '200': { description: 'The read model', content: { 'application/json': {} } },
      '400': problem('VALIDATION_FAILED (every invalid field named), or a token problem'),
      '401': problem('UNAUTHENTICATED: no, or an invalid, credential'),
      '403': problem('INSUFFICIENT_SCOPE: the credential lacks queries:read'),
      ...(route.notFoundCode ? { '404': problem(route.notFoundCode) } : {}),
      '503': problem(
        'CONSISTENCY_TIMEOUT, READ_MODEL_UNAVAILABLE or AUTH_UNAVAILABLE (each with Retry-After)',
      ),
    },
    'x-projections': route.projections.map((name) => ({ name, ...projectionDefinition(name) })),
  },
});

/** OpenAPI 3.1, generated from the same zod schemas that validate the requests. */
export const openApiDocument = (routes: readonly ReadRoute[], version: string) => ({
  openapi: '3.1.0',
  info: {
    title: 'Orderflow query API',
    version,
    description: `Read models of Orderflow. Errors are application/problem+json with a stable \`code\`: ${Object.keys(problemCatalogue).join(', ')}.`,
  },
  paths: {
    ...Object.fromEntries(
      routes.map((route) => [route.path.replace(/:(\w+)/g, '{$1}'), operationOf(route)]),
    ),
    ...parkedEventsPaths(),
    '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } } },
    '/readyz': {
      get: {
        summary: 'Readiness: MongoDB and PostgreSQL answer',
        responses: { '200': { description: 'Ready' }, '503': { description: 'A check fails' } },
      },
    },
  },
  components: {
    schemas: { Problem: problemSchema(Object.keys(problemCatalogue)) },
    securitySchemes,
  },
});
