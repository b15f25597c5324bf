import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerFor, redactedPaths } from '../src/index.ts';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ redact: { paths: redactedPaths, censor: '[redacted]' } }, stream);
  return { logger, lines };
};

describe('log lines', () => {
  it('carry the command, correlation and causation ids on every line of a child logger', () => {
    const { logger, lines } = capture();
    const child = loggerFor(logger, {
      commandId: 'cmd-1',
      correlationId: 'corr-1',
      causationId: null,
      eventId: undefined,
    });
    child.info('first');
    child.warn({ partition: 2 }, 'second');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ commandId: 'cmd-1', correlationId: 'corr-1' });
      expect(line).not.toHaveProperty('causationId');
    }
  });

  it('never carry an authorization header or a password', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        headers: { authorization: 'Bearer secret-token', 'x-request-id': 'r-1' },
        db: { password: 'pw' },
      },
      'request',
    );
    const text = JSON.stringify(lines);
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('"pw"');
    expect(text).toContain('r-1');
  });
});
