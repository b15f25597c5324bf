import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const binPath = path.resolve(import.meta.dirname, '../../bin/orderflow.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The real bin in a child process, as an operator runs it (no terminal: stdin is closed). */
export const startCli = (args: readonly string[], env: Readonly<Record<string, string>> = {}) => {
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, [binPath, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, done, output: () => stdout + stderr };
};

export const runCli = (args: readonly string[], env: Readonly<Record<string, string>> = {}) =>
  startCli(args, env).done;
