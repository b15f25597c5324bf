import { randomUUID } from 'node:crypto';
import { namespaced } from '@orderflow/config';
import { post, wait } from './command-services.ts';
import {
  spawnCommandService,
  type CommandServiceProcess,
  type ContextName,
} from './command-service-process.ts';
import { startReadSide, type ReadSide } from './read-side.ts';
import { waitUntilNoMembers, type SagaScope } from './saga-facts.ts';

export type Body = Record<string, unknown>;

/**
 * The three command services as real child processes (so a scenario can stop, SIGKILL and
 * restart any of them) and the read side in this process, all in the test file's own Kafka
 * namespace (see file-kafka-namespace.ts; its topics are deleted after the file).
 */
export class SagaStack {
  readonly services = new Map<ContextName, CommandServiceProcess>();
  private readSide: ReadSide | undefined;
  private readonly env = new Map<ContextName, Record<string, string>>();

  async start(env: Partial<Record<ContextName, Record<string, string>>> = {}) {
    for (const context of ['orders', 'inventory', 'payments'] as const)
      this.env.set(context, env[context] ?? {});
    await Promise.all(
      ['orders', 'inventory', 'payments'].map((c) => this.restart(c as ContextName)),
    );
    this.readSide = await startReadSide();
  }

  async close() {
    await this.readSide?.close();
    await Promise.all([...this.services.values()].map((service) => service.stop()));
  }

  url(context: ContextName): string {
    const service = this.services.get(context);
    if (!service) throw new Error(`${context} is not running`);
    return service.url;
  }

  /** Stops the service (SIGTERM) if it runs, then starts it again, with new settings if given. */
  async restart(context: ContextName, env?: Record<string, string>) {
    await this.services.get(context)?.stop();
    if (env) this.env.set(context, env);
    this.services.set(context, await spawnCommandService(context, this.env.get(context) ?? {}));
  }

  async stop(context: ContextName) {
    await this.services.get(context)?.stop();
    this.services.delete(context);
  }

  /** Stops the context and makes sure nothing else answers for it. */
  async silence(context: ContextName) {
    await this.stop(context);
    const policies = context === 'orders' ? ['on-inventory', 'on-payments'] : ['on-orders'];
    await waitUntilNoMembers([
      namespaced(`${context}.command-processor`),
      ...policies.map((policy) => namespaced(`policy.${context}.${policy}`)),
    ]);
  }

  /** Starts whatever a previous scenario left stopped. */
  async ensureRunning() {
    const contexts = ['orders', 'inventory', 'payments'] as const;
    await Promise.all(contexts.filter((c) => !this.services.has(c)).map((c) => this.restart(c)));
  }

  async kill(context: ContextName) {
    await this.services.get(context)?.kill();
    this.services.delete(context);
  }

  async query(path: string): Promise<Body> {
    if (!this.readSide) throw new Error('the read side is not running');
    return (await (await fetch(`${this.readSide.queryApi}${path}`)).json()) as Body;
  }

  /** Polls a read-model path until `accept` holds (bounded), then returns the last answer. */
  async until(path: string, accept: (body: Body) => boolean, timeoutMs = 60_000): Promise<Body> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const body = await this.query(path);
      if (accept(body) || Date.now() > end) return body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Registers the products and opens the customer's account; the scope grows with them. */
  async setUp(stock: Record<string, number>, credit: number): Promise<Scope> {
    const customerId = id('cust');
    await Promise.all(
      Object.entries(stock).map(([sku, initialStock]) =>
        post(
          `${this.url('inventory')}/v1/inventory/products`,
          { sku, name: sku, initialStock },
          wait,
        ),
      ),
    );
    await post(
      `${this.url('payments')}/v1/payments/accounts`,
      { customerId, creditLimit: credit, currency: 'EUR' },
      wait,
    );
    return { customerId, orders: [], skus: Object.keys(stock), customers: [customerId] };
  }

  /** Places an order (waiting for OrderPlaced only) and records it in the scope. */
  async placeOrder(scope: Scope, lines: { sku: string; quantity: number; unitPrice: number }[]) {
    const placed = await post(
      `${this.url('orders')}/v1/orders`,
      { customerId: scope.customerId, currency: 'EUR', lines },
      wait,
    );
    if (placed.status !== 201) throw new Error(`PlaceOrder answered ${String(placed.status)}`);
    const orderId = String(placed.body.aggregateId);
    scope.orders.push(orderId);
    return orderId;
  }
}

export interface Scope extends SagaScope {
  readonly customerId: string;
  readonly orders: string[];
}

export const id = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const settled = (body: Body) =>
  ['Confirmed', 'Rejected', 'Cancelled'].includes(String(body.status));
