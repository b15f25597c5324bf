import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/cursor.ts';

describe('order list cursor', () => {
  it('round-trips the last item’s placedAt and id', () => {
    const cursor = { placedAt: '2025-03-01T10:00:00.000Z', orderId: 'order-1|with/odd chars' };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['an object instead of the pair', Buffer.from('{"placedAt":"x"}').toString('base64url')],
    ['a pair with a number', Buffer.from('["2025-01-01",3]').toString('base64url')],
    ['a pair with an empty id', Buffer.from('["2025-01-01",""]').toString('base64url')],
    ['too long', 'a'.repeat(2000)],
  ])('rejects a cursor that is %s', (_case, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
