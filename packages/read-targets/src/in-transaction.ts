import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on one connection, rolled back if it throws. A connection whose
 * rollback fails, or that the server ended while it was checked out, is in an unknown state, so
 * it goes back to the pool with that error, which destroys it instead of handing it to the next
 * caller.
 *
 * pg-pool listens for errors only on idle connections: a connection the server ends while it is
 * checked out (a restart, pg_terminate_backend) emits 'error' with no listener, which would crash
 * the process. The listener here turns that into a broken connection for the pool to destroy.
 */
export const inTransaction = async <T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onConnectionError = (error: Error): void => {
    broken ??= error;
  };
  client.on('error', onConnectionError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: unknown) => {
      broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.removeListener('error', onConnectionError);
    client.release(broken);
  }
};
