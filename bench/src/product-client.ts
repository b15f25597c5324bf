import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the bench needs from a RegisterProduct answered 201. */
export interface RegisteredProduct {
  readonly sku: string;
  readonly consistencyToken: string;
  /** Events partitions the command wrote to (read from the token, for draining). */
  readonly partitions: readonly number[];
}

const tokenPartitions = (token: string): number[] => {
  const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
    positions: { partition: number }[];
  };
  return decoded.positions.map((position) => position.partition);
};

/**
 * POST a product and wait (`Prefer: wait=10`) for the command's outcome. With `patienceMs`, a
 * 202 (the processor has not decided it within the wait: it is working off a load) is asked
 * again with the same Idempotency-Key, which is the same command, until the bound.
 */
export const registerProduct = async (
  commandsUrl: string,
  sku = `bench-${randomUUID()}`,
  patienceMs = 0,
): Promise<RegisteredProduct> => {
  const key = `bench-${randomUUID()}`;
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const posted = await fetch(`${commandsUrl}/v1/inventory/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'wait=10', 'idempotency-key': key },
      body: JSON.stringify({ sku, name: 'bench product', initialStock: 5 }),
    });
    const body = (await posted.json()) as { consistencyToken?: string };
    if (posted.status === 201 && body.consistencyToken)
      return {
        sku,
        consistencyToken: body.consistencyToken,
        partitions: tokenPartitions(body.consistencyToken),
      };
    if (posted.status !== 202 || Date.now() > deadline)
      throw new Error(`POST product answered ${String(posted.status)}: ${JSON.stringify(body)}`);
  }
};

/**
 * GET the product with its consistency token, which holds the read until the projector has
 * written it. With `patienceMs`, a 503 CONSISTENCY_TIMEOUT (the query API's own bound) is
 * asked again until the bound: the projector is still folding a load.
 */
export const readProduct = async (queryUrl: string, product: RegisteredProduct, patienceMs = 0) => {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const read = await fetch(`${queryUrl}/v1/inventory/${encodeURIComponent(product.sku)}`, {
      headers: { 'x-consistency-token': product.consistencyToken },
    });
    const view = (await read.json()) as { available?: number };
    if (read.status === 200 && view.available === 5) return;
    if (read.status !== 503 || Date.now() > deadline)
      throw new Error(`GET product answered ${String(read.status)}: ${JSON.stringify(view)}`);
    await sleep(100);
  }
};

/**
 * Waits until the projector has folded everything the command service wrote so far: a new
 * product read with its token on every events partition (a token covers the partition its
 * command wrote to, and with it every earlier event there).
 */
export const drainProjector = async (
  commandsUrl: string,
  queryUrl: string,
  partitions: number,
  patienceMs: number,
) => {
  const deadline = Date.now() + patienceMs;
  const seen = new Set<number>();
  while (seen.size < partitions) {
    const product = await registerProduct(commandsUrl, undefined, deadline - Date.now());
    await readProduct(queryUrl, product, deadline - Date.now());
    for (const partition of product.partitions) seen.add(partition);
  }
};
