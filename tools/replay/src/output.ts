import type { VerifyReport } from './verify.ts';

/** A plain aligned table: operators read it, scripts use --json. */
export const table = (rows: readonly Record<string, string>[]): string => {
  const first = rows[0];
  if (!first) return '(none)';
  const columns = Object.keys(first);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c] ?? '')))].join('\n');
};

export const describeVerify = (report: VerifyReport): string[] => [
  `verify ${report.projection} v${String(report.version)}: ${String(report.keysInTarget)} keys in the target, ${String(report.keysInFold)} in a fresh fold of ${String(report.eventsFolded)} events` +
    (report.eventsSkipped > 0
      ? ` (${String(report.eventsSkipped)} parked-type events skipped)`
      : ''),
  report.missing + report.extra + report.different === 0
    ? 'no differences'
    : `differences: ${String(report.missing)} missing, ${String(report.extra)} extra, ${String(report.different)} different`,
  ...report.examples.map((d) => `  ${d.kind.padEnd(9)} ${d.key}`),
];
