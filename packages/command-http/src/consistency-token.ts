import type { AcceptedOutcome } from '@orderflow/kernel';

/**
 * Where a command's events are on Kafka, opaque to clients: a read that sends it back waits
 * until the projection behind it has passed these positions (read-your-writes).
 */
export interface ConsistencyPositions {
  readonly topic: string;
  readonly positions: readonly { readonly partition: number; readonly offset: string }[];
}

export const consistencyTokenFor = (
  eventsTopic: string,
  outcome: AcceptedOutcome,
): string | null => {
  if (outcome.events.length === 0) return null;
  const highest = new Map<number, bigint>();
  for (const event of outcome.events) {
    const offset = BigInt(event.offset);
    if ((highest.get(event.partition) ?? -1n) < offset) highest.set(event.partition, offset);
  }
  const token: ConsistencyPositions = {
    topic: eventsTopic,
    positions: [...highest].map(([partition, offset]) => ({
      partition,
      offset: offset.toString(),
    })),
  };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
};

export const readConsistencyToken = (token: string): ConsistencyPositions | undefined => {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString()) as ConsistencyPositions;
    return typeof parsed.topic === 'string' && Array.isArray(parsed.positions) ? parsed : undefined;
  } catch {
    return undefined;
  }
};
