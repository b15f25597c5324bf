import type { InventoryEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import { describe, expect, it } from 'vitest';
import type { InventoryCommand } from '../src/domain/commands.ts';
import { decide } from '../src/domain/decide.ts';
import { evolve } from '../src/domain/evolve.ts';
import { availableOf, initialState, type Stock } from '../src/domain/stock.ts';
import {
  expectStockInvariants,
  registerProduct,
  releaseStock,
  reserveStock,
  restockProduct,
} from './inventory-given.ts';

// A seeded generator: the walk is random-looking but the same on every run, so a failure replays.
const seeded = (seed: number) => {
  let s = seed;
  return (below: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // The low bits of an LCG cycle quickly; draw from the high ones.
    return (s >>> 16) % below;
  };
};

// Weighted towards reservations so stock keeps running out and every refusal path is walked.
const randomCommand = (next: (below: number) => number): InventoryCommand => {
  const orderId = `order-${next(12)}`;
  const quantity = next(8) + 1;
  const roll = next(10);
  if (roll === 0) return registerProduct({ name: 'Mug', initialStock: next(10) });
  if (roll === 1) return restockProduct(quantity);
  if (roll <= 5) return reserveStock(orderId, quantity);
  if (roll <= 7) return releaseStock(orderId, quantity);
  return releaseStock(orderId);
};

const decideOrRefuse = (command: InventoryCommand, state: Stock): InventoryEvent[] => {
  try {
    return decide(command, state);
  } catch (error) {
    if (error instanceof DomainError) return [];
    throw error;
  }
};

// The `...After` figures are what projections show; they must agree with the folded state.
const expectReportedFiguresMatch = (event: InventoryEvent, after: Stock): void => {
  if (after.status === 'Unknown') return;
  if (event.type === 'StockRestocked') expect(event.data.totalAfter).toBe(after.total);
  if (event.type === 'StockReserved' || event.type === 'StockReleased') {
    expect(event.data.availableAfter).toBe(availableOf(after));
  }
};

const heldOf = (state: Stock, orderId: string): number =>
  state.status === 'Registered' ? (state.reservations[orderId] ?? 0) : 0;

describe('Stock invariants over long random command sequences', () => {
  it.each([1, 7, 42, 1234, 99991])('hold for seed %i', (seed) => {
    const next = seeded(seed);
    let state = initialState;
    const seen = new Set<string>();
    for (let step = 0; step < 500; step += 1) {
      const command = randomCommand(next);
      const events = decideOrRefuse(command, state);
      for (const event of events) {
        seen.add(event.type === 'StockReservationRejected' ? event.data.reason : event.type);
        if (event.type === 'StockReleased') {
          expect(event.data.quantity).toBeLessThanOrEqual(heldOf(state, event.data.orderId));
        }
        state = evolve(state, event);
        expectReportedFiguresMatch(event, state);
      }
      expectStockInvariants(state);
    }
    // A walk that never runs out of stock or never releases would prove nothing.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'INSUFFICIENT_STOCK',
        'ProductRegistered',
        'StockReleased',
        'StockReserved',
        'StockRestocked',
      ]),
    );
  });
});
