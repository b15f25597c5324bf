// First: a Kafka namespace of the file's own (topics and consumer groups), before any module
// names a topic, so no member left in the shared groups by earlier processes takes part.
import { ownKafkaNamespace } from '../support/own-kafka-namespace.ts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEndpoints } from '@orderflow/config';
import { inventoryEventSchemas } from '@orderflow/contracts';
import { contextTopics, createKafka, header, readPartitionsToEnd } from '@orderflow/kernel';
import { stockLevels } from '@orderflow/read-models';
import { testLogger } from '../support/command-services.ts';
import { freshFold } from '../support/fold-topic.ts';
import { spawnProjector, type ProjectorProcess } from '../support/projector-process.ts';
import { deleteTopicsWithPrefix } from '../support/saga-facts.ts';
import { spawnService, type ServiceProcess } from '../support/service-process.ts';

// SIGTERM in the middle of a load, to a real inventory command service process and a real
// projector process: both exit 0, and nothing accepted is lost or doubled. (A SIGTERM while a
// shared group rebalances is covered by packages/kernel/test/leave-during-rebalance.int.test.ts.)
const endpoints = loadEndpoints();
const kafka = createKafka({
  brokers: endpoints.kafkaBrokers,
  clientId: 'e2e-shutdown',
  logger: testLogger,
});
const mongo = new MongoClient(endpoints.mongodbUrl);
const started: { child: ServiceProcess['child'] }[] = [];
afterAll(async () => {
  for (const { child } of started) if (child.exitCode === null) child.kill('SIGKILL');
  await mongo.close();
  if (ownKafkaNamespace) await deleteTopicsWithPrefix(ownKafkaNamespace);
});

const startInventory = async () => {
  const service = await spawnService(
    'command-services/inventory/src/main.ts',
    {
      INVENTORY_HTTP_PORT: '0',
      ORDERFLOW_AUTH_MODE: 'insecure',
      ORDERFLOW_RATE_LIMIT_RPS: 'off',
      ORDERFLOW_SHUTDOWN_TIMEOUT_MS: '30000',
      // /readyz answers `draining` this long before the server stops accepting.
      ORDERFLOW_SHUTDOWN_READINESS_GRACE_MS: '1000',
      // What `npm run` would set: the version reported must come from the package itself.
      npm_package_version: '0.0.0-from-npm',
    },
    'command service listening',
  );
  started.push(service);
  const url = service.logLines().find((line) => line.msg === 'command service listening')?.url;
  return { service, url: String(url) };
};
const startProjector = async (): Promise<ProjectorProcess> => {
  const projector = await spawnProjector(['stock-levels']);
  started.push(projector);
  return projector;
};

interface Accepted {
  readonly commandId: string;
  readonly sku: string;
}

/** Workers that register products and restock them until the service stops answering. */
const runLoad = (url: string, workers: number) => {
  const accepted: Accepted[] = [];
  const answeredAfter: number[] = []; // start times of requests answered after the signal
  let signalledAt = Number.POSITIVE_INFINITY;
  const worker = async () => {
    const skus: string[] = [];
    for (let i = 0; ; i++) {
      const restock = skus.length > 0 && i % 2 === 1;
      const sku = restock ? (skus[i % skus.length] ?? '') : `stop-${randomUUID().slice(0, 12)}`;
      const commandId = randomUUID();
      const startedAt = Date.now();
      let status: number;
      try {
        const response = await fetch(
          restock ? `${url}/v1/inventory/products/${sku}/restock` : `${url}/v1/inventory/products`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': commandId,
              // Half of them wait for their outcome: long requests in flight at the signal.
              ...(i % 3 === 0 ? { prefer: 'wait=5' } : {}),
            },
            body: JSON.stringify(
              restock ? { quantity: 1 } : { sku, name: 'Lamp', initialStock: 1 },
            ),
          },
        );
        await response.arrayBuffer();
        status = response.status;
      } catch {
        return; // refused: the service is gone; nothing was accepted
      }
      if (status === 202 || status === 201 || status === 200) {
        accepted.push({ commandId, sku });
        if (!restock) skus.push(sku);
        if (startedAt < signalledAt && Date.now() > signalledAt) answeredAfter.push(startedAt);
      } else if (status !== 503) {
        throw new Error(`unexpected status ${String(status)}`);
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, worker));
  return {
    accepted,
    answeredAfter,
    done,
    signalled: () => {
      signalledAt = Date.now();
    },
  };
};

/** commandId -> number of events on the inventory events topic carrying it. */
const eventsByCommand = async (skus: ReadonlySet<string>) => {
  const counts = new Map<string, number>();
  const topic = contextTopics('inventory').events;
  await readPartitionsToEnd(
    kafka,
    [0, 1, 2].map((partition) => ({ topic, partition, fromOffset: '0' })),
    (_t, _p, message) => {
      if (!skus.has(message.key?.toString() ?? '')) return;
      const commandId = message.headers?.[header.commandId]?.toString() ?? '';
      counts.set(commandId, (counts.get(commandId) ?? 0) + 1);
    },
  );
  return counts;
};

const inventoryVersion = (
  JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, '../../command-services/inventory/package.json'),
      'utf8',
    ),
  ) as { version: string }
).version;

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** /readyz right after the signal, during the readiness grace: 503 `draining`, usual shape. */
const readinessWhileDraining = async (url: string) => {
  for (let i = 0; i < 50; i++) {
    const answer = await getJson(`${url}/readyz`);
    if (answer.status === 503) return answer;
    await sleep(20);
  }
  throw new Error('/readyz never answered 503 after SIGTERM');
};

const stop = async (process: ServiceProcess | ProjectorProcess) => {
  process.child.kill('SIGTERM');
  return process.exited;
};

describe('graceful shutdown under load', () => {
  it('exits 0 on SIGTERM, and every accepted command has its events exactly once', async () => {
    await mongo.connect();
    const inventory = await startInventory();
    const projector = await startProjector();
    const load = runLoad(inventory.url, 6);
    for (let i = 0; i < 300 && load.accepted.length < 40; i++) await sleep(100);
    expect(load.accepted.length).toBeGreaterThanOrEqual(40);

    expect((await getJson(`${inventory.url}/healthz`)).body).toMatchObject({
      service: 'inventory-commands',
      version: inventoryVersion,
    });

    load.signalled();
    const stopping = Promise.all([stop(inventory.service), stop(projector)]);
    expect(await readinessWhileDraining(inventory.url)).toEqual({
      status: 503,
      body: {
        service: 'inventory-commands',
        version: inventoryVersion,
        status: 'draining',
        checks: [expect.objectContaining({ name: 'shutdown', status: 'failing' })],
      },
    });
    const [serviceExit, projectorExit] = await stopping;
    await load.done;
    const serviceLog = inventory.service.output().slice(-30_000);
    expect(serviceExit, `inventory service output:\n${serviceLog}`).toBe(0);
    expect(projectorExit, `projector output:\n${projector.recentOutput()}`).toBe(0);
    const messages = inventory.service.logLines().map((line) => line.msg);
    expect(messages).toContain('shut down cleanly');
    // Requests in flight when the signal came were answered, not cut off.
    expect(load.answeredAfter.length).toBeGreaterThan(0);

    // A restarted service decides what was accepted but not yet decided; a restarted projector
    // picks up from its committed offsets.
    const again = await startInventory();
    const projectorAgain = await startProjector();
    const skus = new Set(load.accepted.map((a) => a.sku));
    let counts = await eventsByCommand(skus);
    for (let i = 0; i < 60 && load.accepted.some((a) => !counts.has(a.commandId)); i++) {
      await sleep(1_000);
      counts = await eventsByCommand(skus);
    }
    expect(load.accepted.filter((a) => counts.get(a.commandId) !== 1)).toEqual([]);
    // Nothing on the topic that no accepted command explains.
    expect([...counts.keys()].sort()).toEqual(load.accepted.map((a) => a.commandId).sort());

    const expected = await freshFold(stockLevels, 'inventory', inventoryEventSchemas, skus);
    const documents = () =>
      mongo
        .db()
        .collection<{ _id: string; version: number; view: unknown }>('stock_levels')
        .find({ _id: { $in: [...skus] } })
        .toArray();
    const caughtUp = async () => {
      const docs = await documents();
      return (
        docs.length === skus.size && docs.every((d) => d.version === expected.get(d._id)?.version)
      );
    };
    for (let i = 0; i < 300 && !(await caughtUp()); i++) await sleep(200);
    expect((await documents()).map((d) => [d._id, d.version, d.view]).sort()).toEqual(
      [...skus].map((sku) => [sku, expected.get(sku)?.version, expected.get(sku)?.view]).sort(),
    );

    const exits = await Promise.all([stop(again.service), stop(projectorAgain)]);
    expect(exits, `restarted service output:\n${again.service.output().slice(-30_000)}`).toEqual([
      0, 0,
    ]);
  }, 240_000);
});
