import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CommandMetadata } from '../src/decider.ts';
import { commandMessage, decodeCommandRecord } from '../src/messages/command-record.ts';
import { eventMessage } from '../src/messages/event-record.ts';
import { header, readHeader } from '../src/messages/headers.ts';

const metadata: CommandMetadata = {
  commandId: 'c-1',
  aggregateId: 'sku-1',
  issuedAt: '2026-11-23T06:00:00.000Z',
  correlationId: 'c-1',
  causationId: null,
  expectedVersion: null,
  traceparent: null,
  issuedBy: 'api-key:checkout',
};
const body = z.object({ type: z.string(), data: z.unknown() });

describe('who issued a command', () => {
  it('travels from the command record to the decoded command and on to its events', () => {
    const record = commandMessage('inventory', { type: 'RestockProduct', data: {}, metadata });
    const headers = record.headers ?? {};
    expect(readHeader(headers, header.issuedBy)).toBe('api-key:checkout');
    const decoded = decodeCommandRecord(
      { key: Buffer.from('sku-1'), value: Buffer.from(record.value as string), headers },
      body,
    );
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.command.metadata.issuedBy).toBe('api-key:checkout');
    const event = eventMessage(
      'inventory',
      'StockRestocked',
      0,
      {
        event: { type: 'StockRestocked', data: {} },
        eventId: 'e-1',
        aggregateId: 'sku-1',
        version: 2,
        command: decoded.command,
      },
      Buffer.alloc(0),
      metadata.issuedAt,
    );
    expect(readHeader(event.headers, header.issuedBy)).toBe('api-key:checkout');
  });

  it('is absent, not empty, when a command names no issuer', () => {
    const record = commandMessage('inventory', {
      type: 'ReserveStock',
      data: {},
      metadata: { ...metadata, issuedBy: null },
    });
    expect(record.headers).not.toHaveProperty(header.issuedBy);
    const decoded = decodeCommandRecord(
      {
        key: Buffer.from('sku-1'),
        value: Buffer.from(record.value as string),
        headers: record.headers ?? {},
      },
      body,
    );
    expect(decoded.ok && decoded.command.metadata.issuedBy).toBeNull();
  });
});
