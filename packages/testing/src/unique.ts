import { randomUUID } from 'node:crypto';

/**
 * Tests share one set of servers and never truncate them: each test names its own topics,
 * groups, collections and tables with a random suffix.
 */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
