import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../shell.ts';

/**
 * Artifacts come from Maven Central through the machine's Maven, so they are cached in
 * ~/.m2 like any other Maven download, and a second clone installs in seconds.
 * Each target folder is filled in a temporary sibling and renamed, so an interrupted download
 * never leaves a half-installed folder that looks complete.
 */
export const installWithMaven = async (
  target: string,
  goalArgs: (workDir: string) => string[],
  what: string,
  unpack?: (workDir: string) => Promise<unknown>,
) => {
  const marker = path.join(target, '.installed');
  if (existsSync(marker)) return;
  const workDir = `${target}.partial`;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  await run('mvn', ['-B', '-q', ...goalArgs(workDir)], {
    hint: `check that Maven (mvn) is installed and Maven Central is reachable, then rerun; ${what} could not be downloaded`,
    timeoutMs: 15 * 60_000,
  });
  await unpack?.(workDir);
  rmSync(target, { recursive: true, force: true });
  renameSync(workDir, target);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
};
