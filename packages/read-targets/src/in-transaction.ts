import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one connection, rolled back if it throws. A connection whose
 * rollback fails is in an unknown state, so it goes back to the pool with that error, which
 * destroys it instead of handing it to the next caller.
 */
export const inTransaction = async <T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
};
