import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export type ContextName = 'orders' | 'inventory' | 'payments';

export interface CommandServiceProcess {
  readonly context: ContextName;
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** SIGTERM: the service leaves its consumer groups cleanly, then exits. */
  readonly stop: () => Promise<void>;
  /** SIGKILL: a crash; its group memberships linger until their sessions time out. */
  readonly kill: () => Promise<void>;
}

/**
 * A real command service process (its main.ts, as `npm start` runs it), so a test can stop or
 * SIGKILL it mid-saga. It listens on a port of the OS's choosing, read back from its log.
 */
export const spawnCommandService = async (
  context: ContextName,
  env: Record<string, string> = {},
): Promise<CommandServiceProcess> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, `command-services/${context}/src/main.ts`)],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        [`${context.toUpperCase()}_HTTP_PORT`]: '0',
        LOG_LEVEL: 'info',
        // Saga scenarios are not about security; they fire bursts from one address.
        ORDERFLOW_AUTH_MODE: 'insecure',
        ORDERFLOW_RATE_LIMIT_RPS: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
      const listening = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"command service listening"/.exec(
        output,
      );
      if (listening?.[1]) resolve(listening[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      reject(new Error(`${context} service exited with ${String(code)}:\n${output.slice(-2000)}`));
    });
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  const forward = (chunk: Buffer) => {
    if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    context,
    url,
    child,
    exited,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
};
