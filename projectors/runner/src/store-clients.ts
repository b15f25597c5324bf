import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * The projector's database clients, with every wait bounded. Unbounded (the drivers'
 * defaults), a database that stops answering mid-request holds a batch forever: the circuit
 * breaker never sees a failure and the projection silently stops. Bounded, every stall becomes
 * an error the breaker counts, backs off from, and recovers after.
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
  return pool;
};
