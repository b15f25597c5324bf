import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * The read side's database clients (projector, query API), with every wait bounded. Unbounded (the drivers'
 * defaults), a database that stops answering mid-request holds a batch forever: the circuit
 * breaker never sees a failure and the projection silently stops, and a query waits as long as
 * its client does. Bounded, every stall becomes an error: the projector's breaker counts it,
 * backs off and recovers; the query API answers 503 READ_MODEL_UNAVAILABLE at once.
 */
export const storeTimeouts = {
  /** Finding a reachable server, or a pooled PostgreSQL connection. */
  connectMs: 5_000,
  /** One MongoDB command; the connection is closed after it (FerretDB then frees its cursor). */
  mongoSocketMs: 20_000,
  /** One PostgreSQL statement, cancelled by the server itself. */
  pgStatementMs: 15_000,
  /** A transaction whose client went quiet (abandoned at a deadline) releases its row locks. */
  pgIdleInTransactionMs: 30_000,
} as const;

export const createMongoClient = (url: string) =>
  new MongoClient(url, {
    serverSelectionTimeoutMS: storeTimeouts.connectMs,
    connectTimeoutMS: storeTimeouts.connectMs,
    socketTimeoutMS: storeTimeouts.mongoSocketMs,
    // A restarted server is noticed within a second or two, not at the next 10 s heartbeat.
    heartbeatFrequencyMS: 2_000,
  });

export const createPgPool = (url: string, logger: Logger) => {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: storeTimeouts.connectMs,
    statement_timeout: storeTimeouts.pgStatementMs,
    lock_timeout: storeTimeouts.pgStatementMs,
    idle_in_transaction_session_timeout: storeTimeouts.pgIdleInTransactionMs,
    keepAlive: true,
  });
  // An idle client losing its connection emits on the pool; unheard, it would kill the process.
  pool.on('error', (error) => {
    logger.warn({ err: error }, 'idle PostgreSQL connection failed');
  });
  // The pool stops listening while a client is checked out: a server shutting down between two
  // statements of a transaction (a PostgreSQL restart) then emits on the client itself and,
  // unheard, kills the process. The client is unusable from then on: its next statement fails,
  // the sink's breaker counts that failure, and the pool discards it on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      logger.debug({ err: error }, 'PostgreSQL connection in use failed');
    });
  });
  return pool;
};
