/** Calendar dates as `YYYY-MM-DD` (UTC days, like the sales lines' `day`). */
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 24 * 3600 * 1000;

export const maxReportDays = 366;

const utcMillis = (date: string): number | undefined => {
  const match = datePattern.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const millis = Date.UTC(year, month - 1, day);
  const back = new Date(millis);
  // Date.UTC rolls 2025-02-30 over to March: only a date that survives the round trip exists.
  const exists =
    back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  return exists ? millis : undefined;
};

export const isCalendarDate = (date: string): boolean => utcMillis(date) !== undefined;

/** Why `from..to` (both inclusive) is not a range a report may cover, or undefined if it is. */
export const dateRangeProblem = (from: string, to: string): string | undefined => {
  const start = utcMillis(from);
  const end = utcMillis(to);
  if (start === undefined || end === undefined) return 'expected dates as YYYY-MM-DD';
  if (end < start) return `must not be before from (${from})`;
  const days = (end - start) / dayMs + 1;
  if (days > maxReportDays) return `the range covers ${days} days; at most ${maxReportDays}`;
  return undefined;
};
