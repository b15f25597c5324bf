import { describe, expect, it } from 'vitest';
import {
  encodeConsistencyToken,
  parseConsistencyToken,
} from '../src/consistency/consistency-token.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('consistency token', () => {
  it('reads the token a command service issues (offsets as strings)', () => {
    const header = encode({
      topic: 'orders.events',
      positions: [
        { partition: 0, offset: '17' },
        { partition: 2, offset: '9007199254740993' },
      ],
    });
    expect(parseConsistencyToken(header)).toEqual({
      topic: 'orders.events',
      positions: [
        { partition: 0, offset: 17n },
        { partition: 2, offset: 9007199254740993n },
      ],
    });
  });

  it('keeps the highest offset of a partition named twice', () => {
    const header = encode({
      topic: 'payments.events',
      positions: [
        { partition: 1, offset: '5' },
        { partition: 1, offset: '3' },
      ],
    });
    expect(parseConsistencyToken(header)?.positions).toEqual([{ partition: 1, offset: 5n }]);
  });

  it('round-trips through encodeConsistencyToken', () => {
    const token = { topic: 'inventory.events', positions: [{ partition: 4, offset: 0n }] };
    expect(parseConsistencyToken(encodeConsistencyToken(token))).toEqual(token);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a b c'],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['without positions', encode({ topic: 'orders.events', positions: [] })],
    ['without a topic', encode({ positions: [{ partition: 0, offset: '1' }] })],
    ['with a numeric offset', encode({ topic: 't', positions: [{ partition: 0, offset: 1 }] })],
    ['with a negative offset', encode({ topic: 't', positions: [{ partition: 0, offset: '-1' }] })],
    [
      'with a fractional partition',
      encode({ topic: 't', positions: [{ partition: 0.5, offset: '1' }] }),
    ],
    ['oversized', 'A'.repeat(9000)],
  ])('rejects a header that is %s', (_case, header) => {
    expect(parseConsistencyToken(header)).toBeUndefined();
  });
});
