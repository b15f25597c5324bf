import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../infra-error.ts';
import { commandExists, isRoot, run } from '../shell.ts';
import { say } from './component.ts';

export const postgresMajor = 15;
const debianBinDir = `/usr/lib/postgresql/${postgresMajor}/bin`;

const notInstalledHint = `install PostgreSQL ${postgresMajor} (Debian: apt-get install postgresql-${postgresMajor}), or set DATABASE_URL to an existing server`;

/** The folder holding initdb, pg_ctl and postgres; installs the Debian packages when we may. */
export const ensurePostgresBinaries = async (): Promise<string> => {
  const configured = process.env.ORDERFLOW_PG_BIN_DIR;
  if (configured) return requireBinaries(configured);
  if (existsSync(path.join(debianBinDir, 'pg_ctl'))) return debianBinDir;
  if (!isRoot() || !(await commandExists('apt-get'))) {
    throw new InfraError(
      `PostgreSQL ${postgresMajor} server binaries were not found in ${debianBinDir}`,
      notInstalledHint,
    );
  }
  say(`installing postgresql-${postgresMajor} from Debian packages (apt-get)`);
  preventDefaultCluster();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const hint = `check that Debian's package mirrors are reachable; or ${notInstalledHint}`;
  await run('apt-get', ['update'], { env, hint, timeoutMs: 10 * 60_000 });
  await run(
    'apt-get',
    [
      'install',
      '-y',
      '--no-install-recommends',
      '-o',
      'Dpkg::Options::=--force-confold',
      `postgresql-${postgresMajor}`,
    ],
    { env, hint, timeoutMs: 10 * 60_000 },
  );
  return requireBinaries(debianBinDir);
};

const requireBinaries = (binDir: string) => {
  if (!existsSync(path.join(binDir, 'pg_ctl'))) {
    throw new InfraError(`no pg_ctl in ${binDir}`, notInstalledHint);
  }
  return binDir;
};

/**
 * Debian's postgresql-common creates and starts a system-wide cluster on port 5432 when the
 * server package is installed. Orderflow runs its own private cluster, so it asks for none.
 */
const preventDefaultCluster = () => {
  const file = '/etc/postgresql-common/createcluster.conf';
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'create_main_cluster = false\n');
};
