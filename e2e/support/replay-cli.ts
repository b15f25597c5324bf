import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '../../tools/replay/bin/orderflow.js');

/** `orderflow ...` as an operator runs it, in a child process without a terminal. */
export const runReplayCli = (args: readonly string[], env: Readonly<Record<string, string>>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
