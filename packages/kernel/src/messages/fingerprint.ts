import { createHash } from 'node:crypto';

/** Key order must not change the fingerprint: clients build JSON in any order. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

export const commandFingerprint = (type: string, aggregateId: string, data: unknown) =>
  createHash('sha256')
    .update(`${type}\n${aggregateId}\n${canonicalJson(data)}`)
    .digest('hex');
