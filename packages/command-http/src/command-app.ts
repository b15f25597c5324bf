import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { sameRequest, type CommandClient } from '@orderflow/kernel';
import {
  announceInsecureMode,
  limitRate,
  principalOf,
  requireScope,
  type HttpSecurity,
} from '@orderflow/http-security';
import {
  commandIdOf,
  correlationIdOf,
  expectedVersionOf,
  preferredWaitSeconds,
} from './command-headers.ts';
import {
  httpMetrics,
  httpTracing,
  operationsRoutes,
  requestTraceContext,
  type ReadinessCheck,
} from '@orderflow/observability';
import type { CommandRoute } from './command-route.ts';
import { jsonBody, notFound, problemResponder } from './http-edge.ts';
import { openApiDocument } from './openapi.ts';
import { answerFor } from './outcome-response.ts';
import { ProblemError } from './problem.ts';
import { validated } from './validation.ts';

export interface CommandServiceOptions {
  readonly context: string;
  readonly title: string;
  readonly version: string;
  readonly routes: readonly CommandRoute[];
  readonly client: CommandClient;
  readonly logger: Logger;
  /** What must answer for the service to take commands (Kafka, the schema registry). */
  readonly readiness: () => readonly ReadinessCheck[];
  /** True while the process stops: /readyz answers 503 `draining`. */
  readonly draining?: () => boolean;
  /** Who may call what (README, Security); health, metrics and OpenAPI stay open. */
  readonly security: HttpSecurity;
}

/** The express app of one context's command service. */
export const createCommandApp = (options: CommandServiceOptions) => {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Operations: metrics and a span for every request, then /healthz, /readyz, /metrics.
  const { authenticator, rateLimiter } = options.security;
  app.use(httpMetrics(), httpTracing(), announceInsecureMode(authenticator));
  app.use(
    operationsRoutes({
      service: `${options.context}-commands`,
      version: options.version,
      readiness: options.readiness,
      ...(options.draining ? { draining: options.draining } : {}),
    }),
  );
  app.use(requestLog(options.logger));
  // Security: authenticate, check the scope, then the per-client rate limit, before any parsing.
  const mayCommand = [requireScope(authenticator, 'commands:write'), limitRate(rateLimiter)];
  const mayRead = requireScope(authenticator, 'queries:read');

  for (const route of options.routes) {
    app.post(route.path, ...mayCommand, ...jsonBody, (request, response, next) => {
      handleCommand(options, route, request, response).catch(next);
    });
  }
  app.get('/v1/commands/:context/:commandId', mayRead, (request, response) => {
    commandStatus(options, request, response);
  });
  app.get('/openapi.json', (_request, response) => {
    response.json(openApiDocument(options));
  });
  app.use(notFound);
  app.use(problemResponder(options.logger));
  return app;
};

const handleCommand = async (
  options: CommandServiceOptions,
  route: CommandRoute,
  request: Request,
  response: Response,
) => {
  const commandId = commandIdOf(request);
  const expectedVersion = expectedVersionOf(request);
  const wait = preferredWaitSeconds(request);
  const params = validated(route.params, request.params, 'path');
  const body = validated(route.body, (request.body as unknown) ?? {}, 'body');
  const issuedAt = new Date().toISOString();
  const command = route.toCommand({ body, params, commandId, issuedAt });
  const correlationId = correlationIdOf(request);
  response.setHeader('X-Correlation-Id', correlationId);
  response.locals.commandId = commandId;

  const submitted = await options.client.submit({
    ...command,
    commandId,
    expectedVersion,
    correlationId,
    traceContext: requestTraceContext(response),
    issuedAt,
    issuedBy: principalOf(response)?.id ?? null,
    fingerprintOf: { operation: route.operationId, params, body, expectedVersion },
  });
  const reused = () =>
    new ProblemError(
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${commandId} was first used for a different request`,
      { commandId },
    );
  if (submitted.reusedIdForDifferentCommand) throw reused();
  const outcome =
    submitted.previousOutcome ??
    (wait ? await options.client.waitForOutcome(commandId, wait * 1000) : undefined);
  // Checked again after the wait: the key's first request may have been decided meanwhile, and
  // its outcome is not this request's answer (the processor skipped this one as a duplicate).
  if (outcome && !sameRequest(outcome, submitted.fingerprint)) throw reused();
  if (wait !== undefined) response.setHeader('Preference-Applied', `wait=${wait}`);
  const statusUrl = `/v1/commands/${options.context}/${encodeURIComponent(commandId)}`;
  if (!outcome) {
    response
      .status(202)
      .location(statusUrl)
      .json({ commandId, aggregateId: command.aggregateId, status: 'pending', statusUrl });
    return;
  }
  const answer = answerFor(outcome, options.client.topics.events, route.creates);
  if (answer.etag) response.setHeader('ETag', answer.etag);
  response.status(answer.status).location(statusUrl).json(answer.body);
};

const commandStatus = (options: CommandServiceOptions, request: Request, response: Response) => {
  const { context, commandId } = request.params as { context: string; commandId: string };
  if (context !== options.context) {
    throw new ProblemError(
      'NOT_FOUND',
      `this service takes ${options.context} commands, not ${context}`,
    );
  }
  const outcome = options.client.outcome(commandId);
  if (!outcome)
    throw new ProblemError(
      'COMMAND_NOT_FOUND',
      `no outcome is known for command ${commandId} (yet)`,
    );
  let result: unknown;
  try {
    result = answerFor(outcome, options.client.topics.events, false).body;
  } catch (error) {
    result = error instanceof ProblemError ? error.body() : undefined;
  }
  response.json({ commandId, status: outcome.status, decidedAt: outcome.decidedAt, result });
};

const requestLog = (logger: Logger) => (request: Request, response: Response, next: () => void) => {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    logger.info(
      {
        method: request.method,
        path: request.path,
        status: response.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        correlationId: response.getHeader('X-Correlation-Id'),
        commandId: response.locals.commandId as string | undefined,
      },
      'request',
    );
  });
  next();
};
