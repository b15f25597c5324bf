import { pino, type Logger } from 'pino';

/**
 * What never reaches a log line: credentials. Request and command bodies are not logged at all
 * (they hold customer data); ids (order, customer, SKU, command, correlation) are pseudonymous
 * keys and are logged, since an operator cannot follow a flow without them.
 */
export const redactedPaths = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.apiKey',
  '*.password',
];

/** The process logger: JSON lines on stdout, level from LOG_LEVEL, the service on every line. */
export const createLogger = (service: string, env: NodeJS.ProcessEnv = process.env): Logger =>
  pino({
    level: env.LOG_LEVEL ?? 'info',
    base: { service },
    redact: { paths: redactedPaths, censor: '[redacted]' },
  });

export interface MessageIds {
  readonly commandId?: string | null | undefined;
  readonly correlationId?: string | null | undefined;
  readonly causationId?: string | null | undefined;
  readonly eventId?: string | null | undefined;
}

/** A child logger whose every line carries the ids of the command or event it is about. */
export const loggerFor = (logger: Logger, ids: MessageIds): Logger => {
  const bindings: Record<string, string> = {};
  for (const [name, value] of Object.entries(ids)) {
    if (typeof value === 'string' && value !== '') bindings[name] = value;
  }
  return logger.child(bindings);
};
