import { createHash } from 'node:crypto';

/**
 * Event ids derive from the command id and the event's position in the command's result, so a
 * command decided twice (after a crash before commit) yields the very same event ids.
 * Formatted as an RFC 9562 version-8 (custom) UUID.
 */
export const eventIdFor = (commandId: string, index: number) => {
  const bytes = createHash('sha256').update(`${commandId}#${index}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
