import { Router, type Request } from 'express';
import type { Pool, PoolClient } from 'pg';
import type { z } from 'zod';
import { inTransaction, quoteIdentifier } from '@orderflow/read-targets';
import { ProblemError } from '../problem.ts';
import { validatedRequest } from '../validation.ts';
import {
  noQuery,
  parkedIdParams,
  parkedListQuery,
  type parkedAction,
  type parkedEvent,
} from './parked-event-schemas.ts';

interface ParkedRow {
  id: string;
  projection: string;
  topic: string;
  partition: number;
  offset: string;
  aggregate_id: string;
  version: number | null;
  reason: string;
  status: z.infer<typeof parkedEvent>['status'];
  parked_at: Date;
  updated_at: Date;
}

const idOf = (request: Request) =>
  validatedRequest({ params: parkedIdParams, query: noQuery }, request).params;

const present = (row: ParkedRow): z.infer<typeof parkedEvent> => ({
  id: row.id,
  projection: row.projection,
  topic: row.topic,
  partition: row.partition,
  offset: row.offset,
  aggregateId: row.aggregate_id,
  version: row.version,
  reason: row.reason,
  status: row.status,
  parkedAt: row.parked_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/**
 * Operators' view of poison events: list them, ask the projector to retry one (with the events
 * of its aggregate parked behind it), or skip one (the events behind it then flow again).
 * The projector polls for these requests; nothing here touches a read model directly. The
 * parked events are in the read models' schema (READ_MODEL_SCHEMA), where the projector parks.
 */
export const parkedEventsAdmin = (pool: Pool, schema: string) => {
  const router = Router();
  const table = `${quoteIdentifier(schema)}.parked_events`;

  // Holding the row until the change commits: a retry the projector is running holds it too,
  // so an operator's action and the projector's outcome never overwrite each other.
  const pending = async (client: PoolClient, id: string) => {
    const { rows } = await client.query<ParkedRow>(
      `select * from ${table} where id = $1 for update`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new ProblemError('PARKED_EVENT_NOT_FOUND', `no parked event ${id}`);
    if (row.status !== 'parked' && row.status !== 'retry')
      throw new ProblemError(
        'PARKED_EVENT_NOT_PENDING',
        `parked event ${id} is already ${row.status}`,
      );
    return row;
  };
  // The row's later events of the same aggregate that wait for an operator.
  const later = (client: PoolClient, row: ParkedRow, status: string, including: boolean) =>
    client.query(
      `update ${table} set status = $6, updated_at = now()
        where projection = $1 and topic = $2 and aggregate_id = $3 and status = 'parked'
          and (partition, "offset") ${including ? '>=' : '>'} ($4, $5)`,
      [row.projection, row.topic, row.aggregate_id, row.partition, row.offset, status],
    );
  const answer = (id: string, status: z.infer<typeof parkedAction>['status']) => ({ id, status });

  router.get('/v1/admin/parked', (request, response, next) => {
    const { query } = validatedRequest({ params: noQuery, query: parkedListQuery }, request);
    pool
      .query<ParkedRow>(
        `select * from ${table} where ($1::text is null or projection = $1) and ($2::text is null or status = $2)
         order by parked_at desc, id desc limit $3`,
        [query.projection ?? null, query.status ?? null, query.limit],
      )
      .then(({ rows }) => response.json({ items: rows.map(present) }), next);
  });

  router.post('/v1/admin/parked/:id/retry', (request, response, next) => {
    const { id } = idOf(request);
    inTransaction(pool, async (client) => {
      const row = await pending(client, id);
      // The event and everything parked behind it are replayed in log order by the projector.
      await later(client, row, 'retry', true);
      return row;
    })
      .then((row) => response.status(202).json(answer(row.id, 'retry')))
      .catch(next);
  });

  router.post('/v1/admin/parked/:id/skip', (request, response, next) => {
    const { id } = idOf(request);
    inTransaction(pool, async (client) => {
      const row = await pending(client, id);
      await client.query(
        `update ${table} set status = 'skipped', updated_at = now() where id = $1`,
        [row.id],
      );
      // What queued behind the skipped event may now flow: let the projector replay it.
      await later(client, row, 'retry', false);
      return row;
    })
      .then((row) => response.status(202).json(answer(row.id, 'skipped')))
      .catch(next);
  });
  return router;
};
