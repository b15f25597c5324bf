import cliProgress from 'cli-progress';
import type { RebuildProgress } from './rebuild.ts';

const duration = (seconds: number | null) => {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${String(Math.floor(s / 3600))}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : `${String(Math.floor(s / 60))}m${String(s % 60).padStart(2, '0')}s`;
};

/**
 * The rebuild's progress: a bar on a terminal (events folded of the total, events/s, lag, ETA),
 * a line every few seconds otherwise (logs, CI, tests).
 */
export const progressReporter = (stream: NodeJS.WriteStream) => {
  const bar = new cliProgress.SingleBar(
    {
      format:
        '{phase} [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s | lag {lag} | ETA {eta}',
      hideCursor: true,
      stream,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastLine = 0;
  return {
    update: (progress: RebuildProgress) => {
      const payload = {
        phase: progress.phase.padEnd(11),
        rate: Math.round(progress.eventsPerSecond),
        lag: progress.lag,
        eta: duration(progress.etaSeconds),
      };
      if (stream.isTTY) {
        if (!started) bar.start(progress.total, progress.done, payload);
        started = true;
        bar.setTotal(progress.total);
        bar.update(progress.done, payload);
      } else if (Date.now() - lastLine > 2000 || progress.lag === 0) {
        lastLine = Date.now();
        stream.write(
          `${progress.phase}: ${String(progress.done)}/${String(progress.total)} events, ${String(payload.rate)} ev/s, lag ${String(progress.lag)}, ETA ${payload.eta}\n`,
        );
      }
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
};
