import type { Admin } from 'kafkajs';
import type { ReadinessCheck } from './checks.ts';

/** Kafka answers a metadata request (the admin connects lazily, and reconnects after an outage). */
export const kafkaCheck = (admin: Admin): ReadinessCheck => ({
  name: 'kafka',
  probe: async () => {
    await admin.connect();
    await admin.describeCluster();
  },
});

/** The Confluent-compatible registry answers its smallest read: the global compatibility. */
export const schemaRegistryCheck = (baseUrl: string, timeoutMs = 2_000): ReadinessCheck => ({
  name: 'schema-registry',
  probe: async () => {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/config`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`registry answered ${String(response.status)}`);
  },
});

/** Structural, so this package needs neither the pg nor the mongodb driver. */
export const postgresCheck = (pool: {
  query: (sql: string) => Promise<unknown>;
}): ReadinessCheck => ({
  name: 'postgresql',
  probe: () => pool.query('select 1'),
});

export const mongoCheck = (db: {
  command: (command: { ping: 1 }) => Promise<unknown>;
}): ReadinessCheck => ({
  name: 'mongodb',
  probe: () => db.command({ ping: 1 }),
});

/** Fails while the measured lag (events not yet applied) exceeds the bound. */
export const lagCheck = (
  name: string,
  measureLag: () => Promise<number>,
  maxLag: number,
): ReadinessCheck => ({
  name,
  probe: async () => {
    const lag = await measureLag();
    if (lag > maxLag) throw new Error(`lag ${String(lag)} events exceeds ${String(maxLag)}`);
  },
});

/** PROJECTION_MAX_LAG: how many events a projection may trail its topics and still be ready. */
export const maxProjectionLag = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env.PROJECTION_MAX_LAG;
  if (raw === undefined || raw === '') return 1_000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`PROJECTION_MAX_LAG must be a non-negative integer, got ${raw}`);
  return value;
};
