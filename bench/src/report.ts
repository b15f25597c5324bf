import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from './measure.ts';

/** One measured figure: a median with its spread over the runs. */
export interface Figure {
  readonly label: string;
  readonly unit: string;
  readonly summary: Summary;
}

/**
 * An Orderflow figure next to the raw baseline measured in the same run. The ratio is always
 * orderflow / baseline: for throughput higher is better (shown as a percentage of the baseline),
 * for latency and memory lower is better (shown as a multiple of the baseline).
 */
export interface Comparison {
  readonly section: string;
  readonly orderflow: Figure;
  readonly baseline: Figure;
  readonly better: 'higher' | 'lower';
}

export interface NotMeasured {
  readonly section: string;
  readonly label: string;
  readonly reason: string;
}

export interface ScenarioResult {
  readonly comparisons: readonly Comparison[];
  readonly notMeasured?: readonly NotMeasured[];
  /** Anything else worth keeping in the JSON (batch sizes, counts). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Report {
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly scenarios: Readonly<Record<string, ScenarioResult>>;
}

export const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
});

export const ratioOf = (comparison: Comparison) =>
  comparison.orderflow.summary.median / comparison.baseline.summary.median;

const formatRatio = (comparison: Comparison) => {
  const ratio = ratioOf(comparison);
  return comparison.better === 'higher' ? `${(ratio * 100).toFixed(0)}%` : `${ratio.toFixed(2)}×`;
};

const number = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);

const cell = (figure: Figure) =>
  `${number(figure.summary.median)} ${figure.unit} (${number(figure.summary.min)}–${number(figure.summary.max)})`;

export const markdown = (report: Report) => {
  const lines = [
    `# Orderflow bench (${report.mode}), ${report.startedAt}`,
    '',
    `${String(report.machine.cpus)} × ${String(report.machine.cpuModel)}, ${String(report.machine.memoryGiB)} GiB, Node ${String(report.machine.node)}, load ${String(report.machine.loadAverage1m)} at start; ${report.durationSeconds.toFixed(0)} s in all.`,
    'Median (min–max) over the measured runs, after warm-up. Ratio = Orderflow / raw baseline of the same run:',
    'a percentage where higher is better (throughput), a multiple where lower is better (latency, memory).',
    '',
    '| section | measured | median (min–max) | raw baseline | median (min–max) | ratio |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const skipped: string[] = [];
  for (const [name, result] of Object.entries(report.scenarios)) {
    for (const c of result.comparisons)
      lines.push(
        `| ${c.section} | ${c.orderflow.label} | ${cell(c.orderflow)} | ${c.baseline.label} | ${cell(c.baseline)} | ${formatRatio(c)} |`,
      );
    for (const n of result.notMeasured ?? [])
      skipped.push(`- ${n.section} (${name}): ${n.label}: ${n.reason}`);
  }
  if (skipped.length > 0) lines.push('', 'Not measured:', '', ...skipped);
  return `${lines.join('\n')}\n`;
};

/**
 * `<timestamp>-<mode>.{json,md}` under bench/results, and `latest-<mode>.{json,md}` when the
 * run was complete (not narrowed with --only).
 */
export const writeReport = (report: Report, complete: boolean) => {
  const dir = path.join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const md = markdown(report);
  const only = complete ? '' : '-partial';
  const names = [`${stamp}-${report.mode}${only}`, ...(complete ? [`latest-${report.mode}`] : [])];
  for (const base of names) {
    writeFileSync(path.join(dir, `${base}.json`), json);
    writeFileSync(path.join(dir, `${base}.md`), md);
  }
  return dir;
};
