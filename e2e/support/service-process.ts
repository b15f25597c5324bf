import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** The pino lines the process has written so far, parsed. */
  readonly logLines: () => readonly Record<string, unknown>[];
  /** Everything it wrote (stdout and stderr), for a failing test to show. */
  readonly output: () => string;
}

/**
 * A real Orderflow process (`entry` relative to the repository), started as `npm start` does,
 * resolved once it logs `readyMessage`: so a test can signal it and read its exit code.
 */
export const spawnService = async (
  entry: string,
  env: Record<string, string>,
  readyMessage: string,
): Promise<ServiceProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const logLines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (logLines().some((line) => line.msg === readyMessage)) {
        clearInterval(poll);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(poll);
      reject(
        new Error(`${entry} exited with ${String(code)} while starting:\n${output.slice(-3000)}`),
      );
    });
  });
  return { child, exited, logLines, output: () => output };
};
