import { expect } from 'vitest';
import { readSagaFacts, type SagaFacts, type SagaScope } from './saga-facts.ts';

export type { SagaScope } from './saga-facts.ts';

interface OrderFacts {
  status: string;
  outcomes: number;
  lines: Map<string, number>;
  total: number;
  /** Net stock held per SKU: reserved minus released. */
  stockHeld: Map<string, number>;
  reservations: Map<string, number>;
  authorizations: number;
  refunds: number;
  moneyHeld: number;
}

const orderFacts = (facts: SagaFacts, orderId: string): OrderFacts => {
  const order: OrderFacts = {
    status: 'Unknown',
    outcomes: 0,
    lines: new Map(),
    total: 0,
    stockHeld: new Map(),
    reservations: new Map(),
    authorizations: 0,
    refunds: 0,
    moneyHeld: 0,
  };
  for (const event of facts.orders.get(orderId) ?? []) {
    if (event.type === 'OrderPlaced') {
      order.status = 'Placed';
      order.total = event.data.total;
      for (const line of event.data.lines) order.lines.set(line.sku, line.quantity);
    }
    if (event.type === 'OrderConfirmed' || event.type === 'OrderRejected') order.outcomes += 1;
    if (['OrderConfirmed', 'OrderRejected', 'OrderCancelled'].includes(event.type))
      order.status = event.type.replace('Order', '');
  }
  for (const event of [...facts.inventory.values()].flat()) {
    if (event.type !== 'StockReserved' && event.type !== 'StockReleased') continue;
    if (event.data.orderId !== orderId) continue;
    const { sku, quantity } = event.data;
    const sign = event.type === 'StockReserved' ? 1 : -1;
    order.stockHeld.set(sku, (order.stockHeld.get(sku) ?? 0) + sign * quantity);
    if (sign > 0) order.reservations.set(sku, (order.reservations.get(sku) ?? 0) + 1);
  }
  for (const event of [...facts.payments.values()].flat()) {
    if (event.type !== 'PaymentAuthorized' && event.type !== 'PaymentRefunded') continue;
    if (event.data.orderId !== orderId) continue;
    if (event.type === 'PaymentAuthorized') order.authorizations += 1;
    else order.refunds += 1;
    order.moneyHeld += (event.type === 'PaymentAuthorized' ? 1 : -1) * event.data.amount;
  }
  return order;
};

/** What the topics say must hold for one order, as a list of broken rules (empty: all hold). */
const orderViolations = (orderId: string, order: OrderFacts): string[] => {
  const broken: string[] = [];
  const held = [...order.stockHeld.values()].reduce((sum, quantity) => sum + quantity, 0);
  if (order.outcomes !== 1)
    broken.push(`${orderId}: ${String(order.outcomes)} confirmations/rejections`);
  for (const [sku, count] of order.reservations)
    if (count > 1) broken.push(`${orderId}: ${sku} reserved ${String(count)} times`);
  if (order.authorizations > 1)
    broken.push(`${orderId}: ${String(order.authorizations)} authorizations`);
  if (order.refunds > 1) broken.push(`${orderId}: ${String(order.refunds)} refunds`);
  if (order.status === 'Rejected' || order.status === 'Cancelled') {
    if (held !== 0) broken.push(`${orderId} ${order.status}: ${String(held)} units still reserved`);
    if (order.moneyHeld !== 0)
      broken.push(`${orderId} ${order.status}: ${String(order.moneyHeld)} still authorized`);
  }
  if (order.status === 'Confirmed') {
    for (const [sku, quantity] of order.lines)
      if (order.stockHeld.get(sku) !== quantity)
        broken.push(`${orderId} Confirmed: ${sku} holds ${String(order.stockHeld.get(sku))}`);
    if (order.moneyHeld !== order.total)
      broken.push(
        `${orderId} Confirmed: ${String(order.moneyHeld)} authorized of ${String(order.total)}`,
      );
  }
  return broken;
};

type Fetch = (path: string) => Promise<Record<string, unknown>>;

/** The read models must say what the topics say, per SKU, account and order. */
const readModelViolations = async (facts: SagaFacts, scope: SagaScope, query: Fetch) => {
  const broken: string[] = [];
  for (const sku of scope.skus) {
    let total = 0;
    let reserved = 0;
    for (const event of facts.inventory.get(sku) ?? []) {
      if (event.type === 'ProductRegistered') total += event.data.initialStock;
      if (event.type === 'StockRestocked') total += event.data.quantity;
      if (event.type === 'StockReserved') reserved += event.data.quantity;
      if (event.type === 'StockReleased') reserved -= event.data.quantity;
    }
    const view = await query(`/v1/inventory/${sku}`);
    const expected = { total, reserved, available: total - reserved };
    if (view.total !== total || view.reserved !== reserved || view.available !== total - reserved)
      broken.push(
        `stock ${sku}: read model ${JSON.stringify(view)}, topic ${JSON.stringify(expected)}`,
      );
  }
  for (const customerId of scope.customers) {
    let limit = 0;
    let used = 0;
    for (const event of facts.payments.get(customerId) ?? []) {
      if (event.type === 'AccountOpened') limit = event.data.creditLimit;
      if (event.type === 'CreditGranted') limit = event.data.creditLimitAfter;
      if (event.type === 'PaymentAuthorized') used += event.data.amount;
      if (event.type === 'PaymentRefunded') used -= event.data.amount;
    }
    const view = await query(`/v1/payments/accounts/${customerId}`);
    if (view.used !== used || view.available !== limit - used || view.creditLimit !== limit)
      broken.push(
        `account ${customerId}: read model ${JSON.stringify(view)}, topic used ${String(used)} of ${String(limit)}`,
      );
  }
  for (const orderId of scope.orders) {
    const status = orderFacts(facts, orderId).status;
    const view = await query(`/v1/orders/${orderId}`);
    if (view.status !== status)
      broken.push(`order ${orderId}: read model ${String(view.status)}, topic ${status}`);
  }
  return broken;
};

/**
 * The saga's invariants, checked after every scenario from the topics (the truth) and the read
 * models (what users see): each SKU's reserved + available = total, each account's used credit =
 * authorized - refunded, every order settled exactly once, each line reserved at most once and
 * each payment authorized at most once, and every rejected or cancelled order holds neither
 * stock nor money. Compensations are asynchronous, so it waits (bounded) for them to settle.
 */
export const expectSagaInvariants = async (scope: SagaScope, query: Fetch, timeoutMs = 60_000) => {
  const until = Date.now() + timeoutMs;
  let broken: string[];
  let facts: SagaFacts;
  do {
    facts = await readSagaFacts(scope);
    const current = facts;
    broken = scope.orders.flatMap((orderId) =>
      orderViolations(orderId, orderFacts(current, orderId)),
    );
    if (broken.length === 0) broken = await readModelViolations(facts, scope, query);
    if (broken.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  } while (Date.now() < until);
  expect(broken).toEqual([]);
  return facts;
};

/** How many events of a type an aggregate's stream holds, from the facts. */
export const countOf = (events: readonly { type: string }[] | undefined, type: string) =>
  (events ?? []).filter((event) => event.type === type).length;
