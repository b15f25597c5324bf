import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { services, startService, type ServiceDefinition } from '../../infra/src/services.ts';

export interface RunningProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
}

/** Every child the bench started and has not stopped: stopped at the end whatever happened. */
const running = new Set<RunningProcess>();

/** Resident set size of a process now, in MiB (Linux /proc). */
export const rssMiB = (pid: number) => {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
};

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });

/**
 * An Orderflow process exactly as `npm start` runs it (a child process on its main.ts), on a
 * free port, quiet logs, with `env` on top of this process's environment (which stays as it
 * is: the bench process itself keeps the live names); resolves once its /readyz answers.
 */
export const startOrderflowProcess = async (
  name: string,
  env: Readonly<Record<string, string>> = {},
): Promise<RunningProcess> => {
  const definition = services.find((s) => s.name === name);
  if (!definition) throw new Error(`no Orderflow service named ${name}`);
  const port = await freePort();
  const childEnv = {
    ...process.env,
    [definition.portVariable]: String(port),
    LOG_LEVEL: 'warn',
    // The load comes from one client: the per-client limit would measure itself, not Orderflow.
    ORDERFLOW_RATE_LIMIT_RPS: 'off',
    ...env,
  };
  const started = await startService(definition satisfies ServiceDefinition, { env: childEnv });
  const orderflowProcess = { name, url: started.url, child: started.child };
  running.add(orderflowProcess);
  return orderflowProcess;
};

export const startHelloWorld = async (): Promise<RunningProcess> => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'hello-world-server.ts')],
    { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`hello world exited with ${String(code)}`));
    });
  });
  child.stdout.resume();
  const hello = { name: 'express hello world', url: `http://127.0.0.1:${String(port)}`, child };
  running.add(hello);
  return hello;
};

export const stopProcess = async (target: RunningProcess) => {
  running.delete(target);
  if (target.child.exitCode !== null || target.child.signalCode !== null) return;
  const exited = new Promise((resolve) => target.child.once('exit', resolve));
  target.child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) target.child.kill('SIGKILL');
};

/**
 * Starts several processes at once (each pays its loader start-up: on two cores, side by side
 * is faster than one after another) and resolves with all of them; if one fails to start, the
 * others are stopped once they have started, and the first failure is thrown.
 */
export const startTogether = async <K extends string>(
  starts: Readonly<Record<K, Promise<RunningProcess>>>,
): Promise<Record<K, RunningProcess>> => {
  const names = Object.keys(starts) as K[];
  const settled = await Promise.allSettled(names.map((name) => starts[name]));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    for (const result of settled)
      if (result.status === 'fulfilled') await stopProcess(result.value);
    throw failed.reason;
  }
  return Object.fromEntries(
    settled.map((result, i) => [names[i], result.status === 'fulfilled' ? result.value : null]),
  ) as Record<K, RunningProcess>;
};

export const stopAllProcesses = async () => {
  await Promise.all([...running].map((target) => stopProcess(target)));
};

/** Samples a process's RSS every 200 ms until stopped: the peak under a load. */
export const rssSampler = (pid: number) => {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
};
