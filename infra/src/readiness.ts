import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, InfraError } from './infra-error.ts';
import { lastLines } from './shell.ts';

export const isPortOpen = (host: string, port: number, timeoutMs = 1_000) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });

/** A probe that hangs (a server that accepts connections but never answers) counts as failed. */
export const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no answer within ${String(ms / 1000)}s`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

export interface WaitOptions {
  what: string;
  timeoutMs: number;
  /** Checked between attempts: a server that died will never become ready. */
  stillStarting?: () => boolean;
  logPath?: string;
  hint: string;
}

/** Retries a real request until it succeeds; on timeout says why, with the server's last log lines. */
export const waitUntilReady = async (probe: () => Promise<unknown>, options: WaitOptions) => {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      await withTimeout(probe(), 5_000);
      return;
    } catch (error) {
      lastError = error;
    }
    const died = options.stillStarting !== undefined && !options.stillStarting();
    if (died || Date.now() > deadline) {
      const reason = died ? 'its process exited' : `no answer within ${options.timeoutMs / 1000}s`;
      throw new InfraError(
        `${options.what} did not become ready: ${reason} (last error: ${describeError(lastError)})${logTail(options.logPath)}`,
        options.hint,
      );
    }
    await sleep(500);
  }
};

const logTail = (logPath: string | undefined) =>
  logPath && existsSync(logPath)
    ? `\n  last lines of ${logPath}:\n${lastLines(readFileSync(logPath, 'utf8'), 12)}`
    : '';
