import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { connect, type Connections } from './connections.ts';
import { RefusedError } from './errors.ts';

// Logs of the libraries go to stderr as JSON, only when asked for; the CLI speaks plainly.
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' }, pino.destination(2));
export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
export const note = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export const positiveInt = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return parsed;
};

export const isoTimestamp = (value: string) => {
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(parsed.getTime()))
    throw new InvalidArgumentError('expected an ISO-8601 timestamp, e.g. 2026-11-20T00:00:00Z');
  return parsed;
};

export const withConnections = async <T>(work: (c: Connections) => Promise<T>): Promise<T> => {
  const connections = await connect(logger);
  try {
    return await work(connections);
  } finally {
    await connections.close();
  }
};

/** Destructive or switching operations ask on a terminal; elsewhere they need --yes. */
export const confirm = async (question: string, yes: boolean | undefined) => {
  if (yes) return;
  if (!process.stdin.isTTY)
    throw new RefusedError(`${question} Not a terminal: pass --yes to confirm.`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`${question} [y/N] `);
  prompt.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new RefusedError('cancelled');
};
