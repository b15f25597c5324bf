import autocannon from 'autocannon';
import { repeat } from './measure.ts';
import { rssSampler } from './processes.ts';

export interface HttpTarget {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A fresh body per request (commands need unique ids). */
  readonly body?: () => unknown;
  /** The status every answer must have: a load that mostly fails measures nothing. */
  readonly expectStatus: number;
}

export interface LoadOptions {
  readonly seconds: number;
  readonly connections: number;
  readonly runs: number;
  readonly warmups: number;
}

/** One autocannon load: requests/s, refused if any answer is an error or has another status. */
const load = async (target: HttpTarget, seconds: number, connections: number) => {
  let unexpected = 0;
  let firstUnexpected = 0;
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: target.method,
        path: target.path,
        headers: { 'content-type': 'application/json', ...target.headers },
        setupRequest: (request) =>
          target.body ? { ...request, body: JSON.stringify(target.body()) } : request,
        onResponse: (status) => {
          if (status === target.expectStatus) return;
          unexpected += 1;
          firstUnexpected ||= status;
        },
      },
    ],
  });
  if (result.errors > 0 || result.timeouts > 0 || unexpected > 0)
    throw new Error(
      `${target.method} ${target.url}${target.path}: ${String(result.errors)} errors, ${String(result.timeouts)} timeouts, ${String(unexpected)} answers not ${String(target.expectStatus)} (the first: ${String(firstUnexpected)})`,
    );
  return result.requests.total / seconds;
};

/**
 * Requests/s over the measured runs (a one-second load warms up first), and the peak RSS of
 * the given processes while the measured loads ran.
 */
export const measureHttp = async (
  target: HttpTarget,
  options: LoadOptions,
  watchPids: readonly number[],
) => {
  for (let warmup = 0; warmup < options.warmups; warmup++)
    await load(target, 1, options.connections);
  const samplers = watchPids.map((pid) => rssSampler(pid));
  const perSecond = await repeat(options.runs, () =>
    load(target, options.seconds, options.connections),
  );
  return { perSecond, peakRssMiB: samplers.map((s) => s.stop()) };
};
