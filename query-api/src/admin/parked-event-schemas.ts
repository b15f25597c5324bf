import { z } from 'zod';

// What the parked-events admin routes accept and answer: the routes validate with these, and
// the OpenAPI document is generated from them.

export const parkedStatuses = ['parked', 'retry', 'skipped', 'resolved'] as const;

export const parkedListQuery = z.strictObject({
  projection: z.string().min(1).max(100).optional(),
  status: z.enum(parkedStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const parkedIdParams = z.object({
  id: z.string().regex(/^\d{1,18}$/, 'a parked event id'),
});

/** Retry and skip take nothing but the id. */
export const noQuery = z.object({});

export const parkedEvent = z.object({
  id: z.string(),
  projection: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  aggregateId: z.string(),
  version: z.number().int().nullable(),
  reason: z.string(),
  status: z.enum(parkedStatuses),
  parkedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const parkedList = z.object({ items: z.array(parkedEvent) });

export const parkedAction = z.object({
  id: z.string(),
  status: z.enum(['retry', 'skipped']),
});
