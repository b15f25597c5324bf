import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Endpoints } from '@orderflow/config';
import { layout, logFile } from '../layout.ts';
import { isAliveWithMarker } from '../daemon.ts';
import { run } from '../shell.ts';
import { say, type Component } from './component.ts';
import { ensurePostgresBinaries, postgresMajor } from './postgres-binaries.ts';
import { unprivilegedUser, type OsUser } from './unprivileged-user.ts';

/** Databases the embedded cluster holds: read models, registry storage, FerretDB storage. */
export const registryDatabase = 'orderflow_registry';
export const ferretdbDatabase = 'orderflow_ferretdb';

/**
 * A private PostgreSQL cluster (initdb + pg_ctl), listening only on loopback.
 * PostgreSQL refuses to run as root, so under root it runs as the `postgres` OS user.
 */
export const createPostgres = (endpoints: Endpoints): Component => {
  const url = new URL(endpoints.databaseUrl);
  const dataDir = path.join(layout.data, `postgres-${postgresMajor}`);
  const log = logFile('postgres');
  const port = Number(url.port || 5432);
  let binDir = '';

  const asServerUser = async (command: string, args: string[], hint: string) => {
    const user = await unprivilegedUser();
    const [runner, runnerArgs] = user.asOther
      ? ['runuser', ['-u', user.name, '--', command, ...args]]
      : [command, args];
    return run(runner, runnerArgs, { hint, timeoutMs: 120_000 });
  };

  const initialise = async (user: OsUser) => {
    say(`creating a PostgreSQL ${postgresMajor} cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o700);
    const passwordFile = path.join(dataDir, '..', '.postgres-initial-password');
    writeFileSync(passwordFile, decodeURIComponent(url.password) || 'orderflow', { mode: 0o600 });
    if (user.asOther) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(passwordFile, user.uid, user.gid);
    }
    await asServerUser(
      path.join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        decodeURIComponent(url.username) || 'orderflow',
        `--pwfile=${passwordFile}`,
        '--auth-host=scram-sha-256',
        '--auth-local=peer',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
      ],
      'read the initdb output above; `npm run infra -- reset` starts from an empty data folder',
    );
    writeFileSync(
      path.join(dataDir, 'postgresql.conf'),
      `${readFileSync(path.join(dataDir, 'postgresql.conf'), 'utf8')}\ninclude_if_exists = 'orderflow.conf'\n`,
    );
  };

  // Sized for a 2-core machine shared with Kafka and the JVM registry.
  const writeSettings = (user: OsUser) => {
    const settings = path.join(dataDir, 'orderflow.conf');
    writeFileSync(
      settings,
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = ''`,
        'max_connections = 200',
        'shared_buffers = 128MB',
        'work_mem = 8MB',
        'max_wal_size = 512MB',
        'log_min_messages = warning',
      ].join('\n') + '\n',
    );
    if (user.asOther) chownSync(settings, user.uid, user.gid);
  };

  const ensureDatabases = async () => {
    const client = new pg.Client({
      connectionString: withDatabase(endpoints.databaseUrl, 'postgres'),
    });
    await client.connect();
    try {
      for (const name of [
        url.pathname.slice(1) || 'orderflow',
        registryDatabase,
        ferretdbDatabase,
      ]) {
        const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
          name,
        ]);
        if (rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
      }
    } finally {
      await client.end();
    }
  };

  return {
    name: 'postgres',
    title: `PostgreSQL ${postgresMajor}`,
    variable: 'DATABASE_URL',
    dependsOn: [],
    host: url.hostname,
    port,
    startupTimeoutSeconds: 60,
    dataDirectories: [dataDir],
    probe: async () => {
      const client = new pg.Client({
        connectionString: endpoints.databaseUrl,
        connectionTimeoutMillis: 2_000,
      });
      await client.connect();
      try {
        await client.query('select 1');
      } finally {
        await client.end();
      }
    },
    install: async () => {
      binDir = await ensurePostgresBinaries();
    },
    start: async () => {
      const user = await unprivilegedUser();
      mkdirSync(layout.logs, { recursive: true });
      mkdirSync(layout.data, { recursive: true });
      if (!existsSync(log)) writeFileSync(log, '');
      if (user.asOther) {
        user.grantTraverse(layout.data);
        chownSync(log, user.uid, user.gid);
      }
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(user);
      writeSettings(user);
      await asServerUser(
        path.join(binDir, 'pg_ctl'),
        ['-D', dataDir, '-l', log, '-w', '-t', '60', 'start'],
        `read ${log}; if the data folder is damaged, \`npm run infra -- reset\` recreates it (data is lost)`,
      );
      await ensureDatabases();
    },
    stop: async () => {
      if (!isPostgresRunning(dataDir)) return;
      binDir ||= await ensurePostgresBinaries();
      await asServerUser(
        path.join(binDir, 'pg_ctl'),
        ['-D', dataDir, '-m', 'fast', '-w', 'stop'],
        `read ${log}`,
      );
    },
    isRunning: () => isPostgresRunning(dataDir),
  };
};

const isPostgresRunning = (dataDir: string) => {
  const pidPath = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidPath)) return false;
  const pid = Number(readFileSync(pidPath, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && isAliveWithMarker(pid, 'postgres');
};

export const withDatabase = (connectionString: string, database: string) => {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
};
