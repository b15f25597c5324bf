import { spawn } from 'node:child_process';
import { InfraError } from './infra-error.ts';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** What to tell the operator when the command fails. */
  hint: string;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing its output; a non-zero exit becomes an InfraError. */
export const run = (command: string, args: readonly string[], options: RunOptions) =>
  new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? `${command} is not installed` : error.message;
      reject(
        new InfraError(`${command} could not be run: ${reason}`, options.hint, { cause: error }),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const output = lastLines(`${stdout}\n${stderr}`, 15);
      const status = signal ? `was killed by ${signal}` : `exited with ${String(code)}`;
      reject(new InfraError(`${command} ${args.join(' ')} ${status}\n${output}`, options.hint));
    });
  });

export const commandExists = async (command: string) => {
  try {
    await run('sh', ['-c', `command -v ${command}`], { hint: '' });
    return true;
  } catch {
    return false;
  }
};

export const lastLines = (text: string, count: number) =>
  text
    .trimEnd()
    .split('\n')
    .slice(-count)
    .map((line) => `    ${line}`)
    .join('\n');

export const isRoot = () => process.getuid?.() === 0;
