import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../infra-error.ts';
import { isRoot, run } from '../shell.ts';
import { say } from './component.ts';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
  /** True when we are root and the server must run as this other user. */
  asOther: boolean;
  /** Makes sure the user can reach (traverse, not list) a folder inside the project. */
  grantTraverse(directory: string): void;
}

const serverUserName = 'postgres';
let resolved: Promise<OsUser> | undefined;

/** PostgreSQL refuses to run as root: under root it runs as the `postgres` user of the Debian package. */
export const unprivilegedUser = () => (resolved ??= resolveUser());

const resolveUser = async (): Promise<OsUser> => {
  if (!isRoot()) {
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    return { name: String(uid), uid, gid, asOther: false, grantTraverse: () => undefined };
  }
  const hint = `create the user (useradd --system ${serverUserName}) or reinstall postgresql-common`;
  const uid = Number((await run('id', ['-u', serverUserName], { hint })).stdout.trim());
  const gid = Number((await run('id', ['-g', serverUserName], { hint })).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new InfraError(`cannot resolve the ${serverUserName} user's ids`, hint);
  }
  return {
    name: serverUserName,
    uid,
    gid,
    asOther: true,
    grantTraverse: (dir) => {
      grantTraverse(dir, uid);
    },
  };
};

// A checkout in a private folder (mktemp -d is 0700) hides the data folder from the postgres
// user; adding o+x lets it pass through without being able to list anything.
const grantTraverse = (directory: string, uid: number) => {
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    const stat = statSync(current);
    if (stat.uid !== uid && (stat.mode & 0o001) === 0) {
      say(
        `granting traverse permission (o+x) on ${current} so PostgreSQL can reach its data folder`,
      );
      chmodSync(current, stat.mode | 0o001);
    }
    if (current === path.dirname(current)) return;
  }
};
