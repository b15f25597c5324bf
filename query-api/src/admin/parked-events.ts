import { Router, type Request } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { ProblemError } from '../problem.ts';

const schema = 'read_models';
const listQuery = z.strictObject({
  projection: z.string().min(1).max(100).optional(),
  status: z.enum(['parked', 'retry', 'skipped', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a parked event id') });

const parse = <T extends z.ZodType>(parser: T, value: unknown, where: string): z.infer<T> => {
  const result = parser.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ProblemError(
    'VALIDATION_FAILED',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    { errors },
  );
};

interface ParkedRow {
  id: string;
  projection: string;
  topic: string;
  partition: number;
  offset: string;
  aggregate_id: string;
  version: number | null;
  reason: string;
  status: string;
  parked_at: Date;
  updated_at: Date;
}

const present = (row: ParkedRow) => ({
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
 * The projector polls for these requests; nothing here touches a read model directly.
 */
export const parkedEventsAdmin = (pool: Pool) => {
  const router = Router();
  const table = `${schema}.parked_events`;

  const find = async (request: Request) => {
    const { id } = parse(idParams, request.params, 'path');
    const { rows } = await pool.query<ParkedRow>(`select * from ${table} where id = $1`, [id]);
    const row = rows[0];
    if (!row) throw new ProblemError('PARKED_EVENT_NOT_FOUND', `no parked event ${id}`);
    if (row.status !== 'parked' && row.status !== 'retry')
      throw new ProblemError(
        'PARKED_EVENT_NOT_PENDING',
        `parked event ${id} is already ${row.status}`,
      );
    return row;
  };

  router.get('/v1/admin/parked', (request, response, next) => {
    const query = parse(listQuery, request.query, 'query');
    pool
      .query<ParkedRow>(
        `select * from ${table} where ($1::text is null or projection = $1) and ($2::text is null or status = $2)
         order by parked_at desc, id desc limit $3`,
        [query.projection ?? null, query.status ?? null, query.limit],
      )
      .then(({ rows }) => response.json({ items: rows.map(present) }), next);
  });

  router.post('/v1/admin/parked/:id/retry', (request, response, next) => {
    find(request)
      .then(async (row) => {
        // The event and everything parked behind it are replayed in log order by the projector.
        await pool.query(
          `update ${table} set status = 'retry', updated_at = now()
           where projection = $1 and topic = $2 and aggregate_id = $3 and status = 'parked' and (partition, "offset") >= ($4, $5)`,
          [row.projection, row.topic, row.aggregate_id, row.partition, row.offset],
        );
        response.status(202).json({ id: row.id, status: 'retry' });
      })
      .catch(next);
  });

  router.post('/v1/admin/parked/:id/skip', (request, response, next) => {
    find(request)
      .then(async (row) => {
        await pool.query(
          `update ${table} set status = 'skipped', updated_at = now() where id = $1`,
          [row.id],
        );
        // What queued behind the skipped event may now flow: let the projector replay it.
        await pool.query(
          `update ${table} set status = 'retry', updated_at = now()
           where projection = $1 and topic = $2 and aggregate_id = $3 and status = 'parked' and (partition, "offset") > ($4, $5)`,
          [row.projection, row.topic, row.aggregate_id, row.partition, row.offset],
        );
        response.status(202).json({ id: row.id, status: 'skipped' });
      })
      .catch(next);
  });
  return router;
};
