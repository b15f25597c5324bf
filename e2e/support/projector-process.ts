import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ProjectorProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Its operator HTTP surface (GET /v1/projections, admin scope: per-partition progress, breaker state). */
  readonly url: string;
  /** The last lines it logged, for a failing test to show. */
  readonly recentOutput: () => string;
}

/** The real projector process (so a test can SIGKILL it), fast circuit breaker for tests. */
export const spawnProjector = async (
  projections: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ProjectorProcess> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'projectors/runner/src/main.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PROJECTOR_HTTP_PORT: '0',
        PROJECTIONS: projections.join(','),
        SINK_BREAKER_OPEN_MS: '1500',
        SINK_BREAKER_FAILURES: '3',
        SINK_WRITE_TIMEOUT_MS: '10000',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        // As the command services' spawner: authentication off unless the test passes a mode.
        ORDERFLOW_AUTH_MODE: 'insecure',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
      if (output.includes('projector running')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      reject(
        new Error(`projector exited with ${String(code)} before running:\n${output.slice(-2000)}`),
      );
    });
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.DEBUG_CHILDREN) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = /"url":"(http:[^"]+)"/.exec(output)?.[1] ?? '';
  return { child, exited, url, recentOutput: () => output };
};
