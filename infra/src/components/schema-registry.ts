import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Endpoints } from '@orderflow/config';
import { runningDaemonPid, startDaemon, stopDaemon } from '../daemon.ts';
import { layout } from '../layout.ts';
import { run } from '../shell.ts';
import { say, type Component } from './component.ts';
import { javaAtLeast } from './java.ts';
import { installWithMaven } from './maven.ts';
import { registryDatabase, withDatabase } from './postgres.ts';

export const apicurioVersion = '3.3.3';
const artifact = `io.apicurio:apicurio-registry-app:${apicurioVersion}:tar.gz:all`;
const minimumJava = 21;

/**
 * Apicurio Registry, a Quarkus app from Maven Central, serving the Confluent-compatible API at
 * /apis/ccompat/v7. Its storage is PostgreSQL, never in-memory: every event carries a schema id,
 * and a registry that forgot its ids would make the event history unreadable.
 */
export const createSchemaRegistry = (endpoints: Endpoints): Component => {
  const url = new URL(endpoints.schemaRegistryUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const installDir = path.join(layout.tools, `apicurio-registry-${apicurioVersion}`);
  const storage = new URL(withDatabase(endpoints.databaseUrl, registryDatabase));

  return {
    name: 'schema-registry',
    title: `Apicurio Registry ${apicurioVersion}`,
    variable: 'SCHEMA_REGISTRY_URL',
    dependsOn: ['postgres'],
    host: url.hostname,
    port,
    startupTimeoutSeconds: 120,
    dataDirectories: [], // its data lives in PostgreSQL
    probe: async () => {
      // A real read through the ccompat API, which goes to the storage.
      const response = await fetch(`${endpoints.schemaRegistryUrl}/subjects`, {
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok) throw new Error(`GET /subjects answered ${response.status}`);
    },
    install: async () => {
      await javaAtLeast(minimumJava);
      if (existsSync(path.join(installDir, '.installed'))) return;
      say(
        `installing Apicurio Registry ${apicurioVersion} from Maven Central (about 160 MB, once)`,
      );
      await installWithMaven(
        installDir,
        (workDir) => [
          'dependency:copy',
          `-Dartifact=${artifact}`,
          `-DoutputDirectory=${workDir}`,
          '-Dmdep.stripVersion=true',
        ],
        `Apicurio Registry ${apicurioVersion}`,
        async (workDir) => {
          const tarball = path.join(workDir, 'apicurio-registry-app-all.tar.gz');
          await run('tar', ['-xzf', tarball, '-C', workDir], {
            hint: 'check free disk space, then rerun',
          });
          rmSync(tarball);
        },
      );
    },
    start: async () => {
      startDaemon({
        name: 'schema-registry',
        command: await javaAtLeast(minimumJava),
        cwd: installDir,
        // Small heap and a light JIT: the registry answers few, small requests.
        args: [
          '-Xms64m',
          '-Xmx256m',
          '-XX:MaxMetaspaceSize=192m',
          '-XX:+UseSerialGC',
          '-XX:TieredStopAtLevel=1',
          `-Dquarkus.http.host=${url.hostname}`,
          `-Dquarkus.http.port=${port}`,
          '-Dquarkus.management.enabled=false',
          '-Dapicurio.storage.kind=sql',
          '-Dapicurio.storage.sql.kind=postgresql',
          `-Dapicurio.datasource.url=jdbc:postgresql://${storage.host}${storage.pathname}`,
          `-Dapicurio.datasource.username=${decodeURIComponent(storage.username)}`,
          `-Dapicurio.datasource.password=${decodeURIComponent(storage.password)}`,
          '-Dapicurio.datasource.jdbc.initial-size=2',
          '-Dapicurio.datasource.jdbc.min-size=2',
          '-Dapicurio.datasource.jdbc.max-size=10',
          // ccompat ids are content ids, as in Confluent's registry: the same schema, the same id.
          '-Dapicurio.ccompat.legacy-id-mode.enabled=false',
          // Old events must stay readable by every later schema (replays read the whole history).
          '-Dapicurio.rules.global.compatibility=BACKWARD_TRANSITIVE',
          '-jar',
          'quarkus-run.jar',
        ],
        marker: 'quarkus-run.jar',
      });
    },
    stop: () => stopDaemon('schema-registry'),
    isRunning: () => runningDaemonPid('schema-registry') !== undefined,
  };
};
