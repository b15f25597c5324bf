import { MongoClient } from 'mongodb';

/**
 * Why the MongoDB scenario must not run against this server, or null when it may.
 *
 * FerretDB 1.24 on PostgreSQL (what infra/ starts) keeps one pool connection per matched
 * statement of an `update` command until the command ends: a bulkWrite that replaces as many
 * existing documents as the pool holds (pool_max_conns: 10 by default in infra/ferretdb/runner)
 * never returns, and every later request to that FerretDB hangs until it is restarted. The keyed sink replaces every view a
 * batch touches in one bulkWrite (hundreds here), and so does the raw baseline: on a shared
 * FerretDB the scenario would hang everyone's read side.
 */
export const mongodbSkipReason = async (url: string): Promise<string | null> => {
  const client = await new MongoClient(url, { serverSelectionTimeoutMS: 10_000 }).connect();
  try {
    const info = await client.db().admin().command({ buildInfo: 1 });
    return 'ferretdbVersion' in info
      ? 'skipped on FerretDB: an update command replacing >= pool_max_conns documents hangs it'
      : null;
  } finally {
    await client.close();
  }
};
