import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { layout, logFile, pidFile } from './layout.ts';

/**
 * A long-running server started in the background, detached from the command that started it,
 * so `npm run infra -- up` returns while the servers keep running. The pid file says which
 * process is ours; the command-line marker guards against a recycled pid.
 */
export interface DaemonSpec {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A string that appears in the process's command line, to recognise it after a restart. */
  marker: string;
}

export const startDaemon = (spec: DaemonSpec): number => {
  mkdirSync(layout.logs, { recursive: true });
  mkdirSync(layout.run, { recursive: true });
  const log = openSync(logFile(spec.name), 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`${spec.command} could not be started`);
    child.unref();
    writeFileSync(pidFile(spec.name), `${child.pid}\n${spec.marker}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
};

/** The pid of our running daemon, or undefined when it is not running. */
export const runningDaemonPid = (name: string): number | undefined => {
  const file = pidFile(name);
  if (!existsSync(file)) return undefined;
  const [pidText, marker] = readFileSync(file, 'utf8').split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return isAliveWithMarker(pid, marker ?? '') ? pid : undefined;
};

export const isAliveWithMarker = (pid: number, marker: string) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return commandLine.includes(marker);
  } catch {
    return true; // no /proc (macOS): trust the pid
  }
};

/** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
export const stopDaemon = async (name: string, graceMs = 30_000) => {
  const pid = runningDaemonPid(name);
  if (pid !== undefined) await terminate(pid, graceMs);
  rmSync(pidFile(name), { force: true });
};

export const terminate = async (pid: number, graceMs: number) => {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(200);
  }
  signal(pid, 'SIGKILL');
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const signal = (pid: number, name: NodeJS.Signals) => {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
};
