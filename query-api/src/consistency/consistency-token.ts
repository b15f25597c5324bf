import { z } from 'zod';

/**
 * The token a command service answers with: base64url JSON `{ topic, positions }`, each
 * position the offset of the command's last event on that partition.
 */
export interface ConsistencyToken {
  readonly topic: string;
  readonly positions: readonly { readonly partition: number; readonly offset: bigint }[];
}

// Bounds keep a hostile header from costing more than a parse: a command writes to few partitions.
const maxTokenLength = 8 * 1024;
const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

const tokenSchema = z.object({
  topic: z.string().min(1).max(249),
  positions: z
    .array(
      z.object({
        partition: z.int().min(0).max(1_000_000),
        offset: z.string().regex(/^\d{1,19}$/),
      }),
    )
    .min(1)
    .max(1024),
});

/** The token, or undefined when the header is not one a command service could have issued. */
export const parseConsistencyToken = (header: string): ConsistencyToken | undefined => {
  if (header.length > maxTokenLength || !base64url.test(header)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = tokenSchema.safeParse(json);
  if (!parsed.success) return undefined;
  // A partition named twice: the later offset is the one to wait for.
  const highest = new Map<number, bigint>();
  for (const { partition, offset } of parsed.data.positions) {
    const value = BigInt(offset);
    if ((highest.get(partition) ?? -1n) < value) highest.set(partition, value);
  }
  return {
    topic: parsed.data.topic,
    positions: [...highest].map(([partition, offset]) => ({ partition, offset })),
  };
};

/** The inverse, for tests and tools: what a command service would send. */
export const encodeConsistencyToken = (token: ConsistencyToken): string =>
  Buffer.from(
    JSON.stringify({
      topic: token.topic,
      positions: token.positions.map((p) => ({ partition: p.partition, offset: String(p.offset) })),
    }),
  ).toString('base64url');
