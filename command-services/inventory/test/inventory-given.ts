import type { InventoryEvent } from '@orderflow/contracts';
import { DomainError, type CommandMetadata } from '@orderflow/kernel';
import { expect } from 'vitest';
import type {
  InventoryCommand,
  RegisterProduct,
  ReleaseStock,
  ReserveStock,
  RestockProduct,
} from '../src/domain/commands.ts';
import { decide } from '../src/domain/decide.ts';
import { evolve } from '../src/domain/evolve.ts';
import { availableOf, initialState, type Stock } from '../src/domain/stock.ts';

export const sku = 'MUG-BLUE-350';

let sequence = 0;
const metadata = (aggregateId: string): CommandMetadata => {
  sequence += 1;
  return {
    commandId: `cmd-${sequence}`,
    aggregateId,
    issuedAt: '2026-11-23T10:00:00.000Z',
    correlationId: 'corr-1',
    causationId: null,
    expectedVersion: null,
    traceparent: null,
  };
};

export const fold = (events: readonly InventoryEvent[], from: Stock = initialState): Stock =>
  events.reduce(evolve, from);

/** The invariants every reachable state holds; checked after every given/when/then. */
export const expectStockInvariants = (state: Stock): void => {
  if (state.status === 'Unknown') return;
  const holdings = Object.values(state.reservations);
  expect(state.total).toBeGreaterThanOrEqual(0);
  expect(state.reserved).toBeGreaterThanOrEqual(0);
  expect(availableOf(state)).toBeGreaterThanOrEqual(0);
  expect(state.reserved).toBe(holdings.reduce((sum, units) => sum + units, 0));
  expect(holdings.every((units) => Number.isSafeInteger(units) && units > 0)).toBe(true);
};

const domainErrorOf = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the command was accepted');
};

/** given(past events).when(command).then(new events | DomainError code) */
export const given = (...history: InventoryEvent[]) => ({
  when: (command: InventoryCommand) => ({
    then: (expected: readonly InventoryEvent[] | string): void => {
      const state = fold(history);
      expectStockInvariants(state);
      if (typeof expected === 'string') {
        expect(domainErrorOf(() => decide(command, state)).code).toBe(expected);
        return;
      }
      const events = decide(command, state);
      expect(events).toEqual(expected);
      expectStockInvariants(fold(events, state));
    },
  }),
});

export const registerProduct = (data: RegisterProduct['data'], id = sku): RegisterProduct => ({
  type: 'RegisterProduct',
  data,
  metadata: metadata(id),
});

export const restockProduct = (quantity: number, id = sku): RestockProduct => ({
  type: 'RestockProduct',
  data: { quantity },
  metadata: metadata(id),
});

export const reserveStock = (orderId: string, quantity: number, id = sku): ReserveStock => ({
  type: 'ReserveStock',
  data: { orderId, quantity },
  metadata: metadata(id),
});

export const releaseStock = (orderId: string, quantity?: number, id = sku): ReleaseStock => ({
  type: 'ReleaseStock',
  data: quantity === undefined ? { orderId } : { orderId, quantity },
  metadata: metadata(id),
});

export const productRegistered = (
  initialStock: number,
  name = 'Blue mug 350 ml',
): InventoryEvent => ({
  type: 'ProductRegistered',
  data: { sku, name, initialStock },
});

export const stockRestocked = (quantity: number, totalAfter: number): InventoryEvent => ({
  type: 'StockRestocked',
  data: { sku, quantity, totalAfter },
});

export const stockReserved = (
  orderId: string,
  quantity: number,
  availableAfter: number,
): InventoryEvent => ({ type: 'StockReserved', data: { sku, orderId, quantity, availableAfter } });

export const stockReleased = (
  orderId: string,
  quantity: number,
  availableAfter: number,
): InventoryEvent => ({ type: 'StockReleased', data: { sku, orderId, quantity, availableAfter } });

export const stockReservationRejected = (
  orderId: string,
  quantity: number,
  available: number,
  reason: 'INSUFFICIENT_STOCK' | 'UNKNOWN_SKU',
): InventoryEvent => ({
  type: 'StockReservationRejected',
  data: { sku, orderId, quantity, available, reason },
});
