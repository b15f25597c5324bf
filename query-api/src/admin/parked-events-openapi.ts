import { problemResponse as problem } from '@orderflow/http-problem';
import { securedBy } from '@orderflow/http-security';
import { jsonResponse, parametersOf } from '../openapi-parameters.ts';
import {
  noQuery,
  parkedAction,
  parkedIdParams,
  parkedList,
  parkedListQuery,
} from './parked-event-schemas.ts';

const refusals = {
  '401': problem('UNAUTHENTICATED: no, or an invalid, credential'),
  '403': problem('INSUFFICIENT_SCOPE: the credential lacks admin'),
};

const action = (operationId: string, summary: string, status: 'retry' | 'skipped') => ({
  post: {
    operationId,
    summary,
    security: securedBy('admin'),
    parameters: [...parametersOf(parkedIdParams, 'path'), ...parametersOf(noQuery, 'query')],
    responses: {
      '202': jsonResponse(
        `Accepted: the projector acts on it within its retry poll (${status})`,
        parkedAction,
      ),
      '400': problem('VALIDATION_FAILED: the id is not a parked event id'),
      ...refusals,
      '404': problem('PARKED_EVENT_NOT_FOUND'),
      '409': problem('PARKED_EVENT_NOT_PENDING: already skipped or resolved'),
    },
  },
});

/** The admin routes over parked (poison) events, from the zod schemas the routes validate with. */
export const parkedEventsPaths = () => ({
  '/v1/admin/parked': {
    get: {
      operationId: 'listParkedEvents',
      summary: 'Parked (poison) events, newest first',
      security: securedBy('admin'),
      parameters: parametersOf(parkedListQuery, 'query'),
      responses: {
        '200': jsonResponse('The parked events', parkedList),
        '400': problem('VALIDATION_FAILED (every invalid field named)'),
        ...refusals,
      },
    },
  },
  '/v1/admin/parked/{id}/retry': action(
    'retryParkedEvent',
    'Replay a parked event (after a fix) and the events of its aggregate parked behind it',
    'retry',
  ),
  '/v1/admin/parked/{id}/skip': action(
    'skipParkedEvent',
    'Skip a parked event; the events of its aggregate parked behind it flow again',
    'skipped',
  ),
});
