import type { Server } from 'node:http';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { loadEndpoints } from '@orderflow/config';
import { startProjector } from '@orderflow/projector';
import { createQueryApp } from '@orderflow/query-api';
import { insecureTestSecurity, testLogger } from './command-services.ts';

export interface ReadSide {
  readonly queryApi: string;
  readonly close: () => Promise<void>;
}

/** The projector and the query API in this process, on ports of the OS's choosing. */
export const startReadSide = async (): Promise<ReadSide> => {
  const endpoints = loadEndpoints();
  const projector = await startProjector({ port: 0, logger: testLogger });
  const mongo = new MongoClient(endpoints.mongodbUrl);
  await mongo.connect();
  const pool = new pg.Pool({ connectionString: endpoints.databaseUrl, max: 4 });
  const app = createQueryApp({
    mongo: mongo.db(),
    pg: pool,
    logger: testLogger,
    consistencyTimeoutMs: 15_000,
    security: insecureTestSecurity,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => {
      resolve(listening);
    });
  });
  const address = server.address();
  return {
    queryApi: `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`,
    close: async () => {
      server.close();
      await projector.close();
      await Promise.all([mongo.close(), pool.end()]);
    },
  };
};
