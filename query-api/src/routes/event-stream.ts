import { z } from 'zod';
import { quoteIdentifier } from '@orderflow/read-targets';
import { ProblemError } from '../problem.ts';
import { readRoute, type ReadStores } from '../read-route.ts';

interface EventHistoryRow {
  version: number;
  event_id: string;
  event_type: string;
  payload: unknown;
  occurred_at: Date;
  correlation_id: string | null;
  causation_id: string | null;
  command_id: string | null;
  topic: string;
  partition: number;
  offset: string;
}

const streamParams = z.object({
  context: z.enum(['orders', 'inventory', 'payments']),
  aggregateId: z.string().min(1).max(512),
});

const streamQuery = z.object({
  fromVersion: z.coerce.number().int().min(1).max(2_147_483_647).default(1),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const eventHistoryTable = (stores: ReadStores) =>
  `${quoteIdentifier(stores.targets.schema('event-history'))}.event_history`;

const streamExists = async (stores: ReadStores, context: string, aggregateId: string) => {
  const result = await stores.pg.query(
    `select 1 from ${eventHistoryTable(stores)} where context = $1 and aggregate_id = $2 limit 1`,
    [context, aggregateId],
  );
  return result.rows.length > 0;
};

export const eventStreamRoute = readRoute({
  operationId: 'getEventStream',
  summary: "An aggregate's events in version order, in pages (fromVersion, limit)",
  path: '/v1/streams/:context/:aggregateId/events',
  params: streamParams,
  query: streamQuery,
  projections: ['event-history'],
  notFoundCode: 'STREAM_NOT_FOUND',
  read: async ({ params, query, stores }) => {
    const result = await stores.pg.query<EventHistoryRow>(
      `select version, event_id::text as event_id, event_type, payload, occurred_at,
              correlation_id, causation_id, command_id, topic, partition, "offset"::text as "offset"
         from ${eventHistoryTable(stores)}
        where context = $1 and aggregate_id = $2 and version >= $3
        order by version
        limit $4`,
      [params.context, params.aggregateId, query.fromVersion, query.limit + 1],
    );
    if (
      result.rows.length === 0 &&
      !(await streamExists(stores, params.context, params.aggregateId))
    ) {
      throw new ProblemError(
        'STREAM_NOT_FOUND',
        `no ${params.context} events for ${params.aggregateId}`,
      );
    }
    const page = result.rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      body: {
        context: params.context,
        aggregateId: params.aggregateId,
        events: page.map((row) => ({
          version: row.version,
          eventId: row.event_id,
          type: row.event_type,
          data: row.payload,
          occurredAt: row.occurred_at.toISOString(),
          correlationId: row.correlation_id,
          causationId: row.causation_id,
          commandId: row.command_id,
          position: { topic: row.topic, partition: row.partition, offset: row.offset },
        })),
        nextFromVersion: result.rows.length > query.limit && last ? last.version + 1 : null,
      },
    };
  },
});
