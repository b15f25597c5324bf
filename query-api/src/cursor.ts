import { z } from 'zod';

/**
 * Where a page of a customer's orders ended: the last item's sort key (placedAt desc, _id desc).
 * Opaque to clients; keyset paging stays stable while new orders arrive.
 */
export interface OrderCursor {
  readonly placedAt: string;
  readonly orderId: string;
}

const cursorSchema = z.tuple([z.string().min(1).max(64), z.string().min(1).max(512)]);

export const encodeCursor = (cursor: OrderCursor): string =>
  Buffer.from(JSON.stringify([cursor.placedAt, cursor.orderId])).toString('base64url');

export const decodeCursor = (text: string): OrderCursor | undefined => {
  if (text.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString()));
    return parsed.success ? { placedAt: parsed.data[0], orderId: parsed.data[1] } : undefined;
  } catch {
    return undefined;
  }
};
