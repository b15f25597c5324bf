import { describe, expect, it } from 'vitest';
import { dateRangeProblem, isCalendarDate } from '../src/date-range.ts';

describe('report date range', () => {
  it.each(['2025-01-01', '2024-02-29', '2025-12-31'])('accepts the date %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-04-31',
    '2025-1-01',
    '20250101',
    '2025-01-01T00:00Z',
    '',
  ])('rejects %s', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });

  it('accepts a single day and a full leap year (366 days, both ends included)', () => {
    expect(dateRangeProblem('2025-05-05', '2025-05-05')).toBeUndefined();
    expect(dateRangeProblem('2024-01-01', '2024-12-31')).toBeUndefined();
  });

  it('refuses a range of 367 days', () => {
    expect(dateRangeProblem('2024-01-01', '2025-01-01')).toMatch(/367 days; at most 366/);
  });

  it('refuses a range that ends before it starts', () => {
    expect(dateRangeProblem('2025-05-06', '2025-05-05')).toMatch(/before from/);
  });
});
