import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Endpoints } from '@orderflow/config';
import { runningDaemonPid, startDaemon, stopDaemon } from '../daemon.ts';
import { layout } from '../layout.ts';
import { commandExists, run } from '../shell.ts';
import { InfraError } from '../infra-error.ts';
import { say, type Component } from './component.ts';
import { tuneFerretdbStorage } from './ferretdb-storage.ts';
import { ferretdbDatabase, withDatabase } from './postgres.ts';

const runnerSources = path.join(layout.infraSources, 'ferretdb', 'runner');

/**
 * FerretDB 1.24 (MongoDB wire protocol) storing in PostgreSQL. Built from the Go module proxy
 * into our own small main (infra/ferretdb/runner): the module's own cmd/ferretdb panics at start
 * when installed with `go install`.
 */
export const createFerretdb = (endpoints: Endpoints): Component => {
  const url = new URL(endpoints.mongodbUrl);
  const port = Number(url.port || 27017);
  const binary = path.join(layout.tools, `ferretdb-runner-${sourcesDigest()}`);
  // FerretDB holds a pooled connection per open cursor; a small pool is soon exhausted by
  // clients that went away mid-query, and then every request waits forever.
  const storageDatabaseUrl = withDatabase(endpoints.databaseUrl, ferretdbDatabase);
  const storageUrl = `${storageDatabaseUrl}?sslmode=disable&pool_max_conns=50`;

  return {
    name: 'ferretdb',
    title: 'FerretDB 1.24',
    variable: 'MONGODB_URL',
    dependsOn: ['postgres'],
    host: url.hostname,
    port,
    startupTimeoutSeconds: 30,
    dataDirectories: [], // its data lives in PostgreSQL
    probe: async () => {
      const client = new MongoClient(endpoints.mongodbUrl, {
        serverSelectionTimeoutMS: 2_000,
        connectTimeoutMS: 2_000,
      });
      try {
        await client.connect();
        // listCollections reaches the PostgreSQL storage, unlike a bare ping.
        await client.db().listCollections({}, { nameOnly: true }).toArray();
      } finally {
        await client.close();
      }
    },
    install: async () => {
      if (existsSync(binary)) return;
      if (!(await commandExists('go'))) {
        throw new InfraError(
          'Go is required to build the FerretDB runner and was not found',
          'install Go 1.22+ (https://go.dev/doc/install or your package manager), or set MONGODB_URL to an existing MongoDB-compatible server',
        );
      }
      say('building FerretDB from the Go module proxy (once; a few minutes on a cold Go cache)');
      mkdirSync(layout.tools, { recursive: true });
      await run('go', ['build', '-trimpath', '-o', `${binary}.partial`, '.'], {
        cwd: runnerSources,
        hint: 'check that the Go module proxy is reachable (go env GOPROXY), then rerun',
        timeoutMs: 20 * 60_000,
      });
      renameSync(`${binary}.partial`, binary);
    },
    start: async () => {
      await tuneFerretdbStorage(storageDatabaseUrl, ferretdbDatabase);
      startDaemon({
        name: 'ferretdb',
        command: binary,
        args: ['-listen', `${url.hostname}:${port}`, '-pg-url', storageUrl, '-log-level', 'warn'],
        env: { ...process.env, GOMEMLIMIT: '256MiB', GOMAXPROCS: '2' },
        marker: 'ferretdb-runner',
      });
    },
    stop: () => stopDaemon('ferretdb'),
    isRunning: () => runningDaemonPid('ferretdb') !== undefined,
  };
};

/** A new binary whenever the runner's sources change. */
const sourcesDigest = () => {
  const hash = createHash('sha256');
  for (const file of readdirSync(runnerSources).sort()) {
    if (/\.(go|mod|sum)$/.test(file))
      hash.update(file).update(readFileSync(path.join(runnerSources, file)));
  }
  return hash.digest('hex').slice(0, 12);
};
