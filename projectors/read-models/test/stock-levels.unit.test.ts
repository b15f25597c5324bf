import { describe, expect, it } from 'vitest';
import { stockLevels } from '../src/stock-levels.ts';
import { foldStream, foreignEnvelope, inContext, nth, streamOf, viewsAlong } from './envelopes.ts';
import { refusedFor, registered, reservedFor, sku, stockHistory } from './inventory-events.ts';

const level = (total: number, reserved: number) => ({
  sku,
  name: 'Espresso cup',
  total,
  reserved,
  available: total - reserved,
});

describe('stock-levels', () => {
  it('registration, restock, reservations, a refusal and a release', () => {
    expect(viewsAlong(stockLevels, stockHistory)).toEqual([
      level(5, 0),
      level(8, 0),
      level(8, 4),
      level(8, 7),
      level(8, 7),
      level(8, 3),
    ]);
  });

  it('agrees with the availability the aggregate reported on each event', () => {
    const views = viewsAlong(stockLevels, stockHistory);
    stockHistory.forEach((envelope, index) => {
      const data = envelope.event.data as { availableAfter?: number; available?: number };
      const reported = data.availableAfter ?? data.available;
      if (reported !== undefined) expect(views[index]?.available).toBe(reported);
    });
  });

  it('a refusal for a SKU never registered leaves no view', () => {
    const refusals = streamOf('inventory', 'sku-unknown', [refusedFor('order-9', 1, 0)]);
    expect(foldStream(stockLevels, refusals)).toBeNull();
  });

  it('no view until the product is registered', () => {
    expect(
      stockLevels.evolve(null, nth(streamOf('inventory', sku, [reservedFor('o', 1, 0)]), 0)),
    ).toBeNull();
  });

  it('ignores foreign events', () => {
    const view = foldStream(stockLevels, stockHistory);
    expect(stockLevels.evolve(view, foreignEnvelope(sku, 7))).toBe(view);
    const registration = nth(streamOf('inventory', sku, [registered(5)]), 0);
    expect(stockLevels.evolve(null, inContext(registration, 'orders'))).toBeNull();
  });
});
