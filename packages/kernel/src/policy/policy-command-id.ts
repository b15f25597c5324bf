import { createHash } from 'node:crypto';

/**
 * The id of one attempt at a policy's command. The same event always yields the same ids, so a
 * reaction re-run after a crash (its offset not yet committed) is answered from the outcome the
 * attempt already has: exactly once. A failed step is retried under the next attempt's id, as a
 * command id is decided only once. Attempt 1 keeps the id policies always used, so an event
 * redelivered across an upgrade is still answered from its first outcome.
 */
export const policyCommandId = (policy: string, eventId: string, key: string, attempt = 1) => {
  const input =
    attempt === 1 ? `${policy}\n${eventId}\n${key}` : `${policy}\n${eventId}\n${key}\n${attempt}`;
  const hash = createHash('sha256').update(input).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
};

/**
 * Who issued a policy's commands, in their metadata and the `ce_issuedby` header of the command
 * and its events: the policy, since no person or client did (HTTP commands carry `api-key:..`
 * or `jwt:..`). An auditor can tell a saga step from a client's request, and which step.
 */
export const policyIssuer = (policy: string) => `policy:${policy}`;
