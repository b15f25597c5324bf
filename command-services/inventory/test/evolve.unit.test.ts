import { describe, expect, it } from 'vitest';
import { stockDecider } from '../src/domain/decider.ts';
import { initialState } from '../src/domain/stock.ts';
import {
  fold,
  productRegistered,
  stockReleased,
  stockReservationRejected,
  stockReserved,
  stockRestocked,
} from './inventory-given.ts';

const registered = (total: number, reserved: number, reservations: Record<string, number>) => ({
  status: 'Registered',
  name: 'Blue mug 350 ml',
  total,
  reserved,
  reservations,
});

describe('evolve', () => {
  it('starts from an unknown SKU', () => {
    expect(stockDecider.initialState).toEqual({ status: 'Unknown' });
  });

  it('folds ProductRegistered into a registered product with nothing reserved', () => {
    expect(fold([productRegistered(7)])).toEqual(registered(7, 0, {}));
  });

  it('folds StockRestocked into the total', () => {
    expect(fold([productRegistered(7), stockRestocked(3, 10)])).toEqual(registered(10, 0, {}));
  });

  it('folds StockReserved into the reserved units and the order holding them', () => {
    expect(fold([productRegistered(7), stockReserved('order-1', 3, 4)])).toEqual(
      registered(7, 3, { 'order-1': 3 }),
    );
  });

  it('folds a partial StockReleased by lowering the order holding', () => {
    const events = [
      productRegistered(7),
      stockReserved('order-1', 3, 4),
      stockReleased('order-1', 1, 5),
    ];
    expect(fold(events)).toEqual(registered(7, 2, { 'order-1': 2 }));
  });

  it('folds a full StockReleased by dropping the order from the reservations', () => {
    const events = [
      productRegistered(7),
      stockReserved('order-1', 3, 4),
      stockReserved('order-2', 2, 2),
      stockReleased('order-1', 3, 5),
    ];
    expect(fold(events)).toEqual(registered(7, 2, { 'order-2': 2 }));
  });

  it('folds StockReservationRejected without changing a registered product', () => {
    const before = fold([productRegistered(1)]);
    expect(fold([stockReservationRejected('order-1', 3, 1, 'INSUFFICIENT_STOCK')], before)).toBe(
      before,
    );
  });

  it('folds StockReservationRejected on an unknown SKU, which stays unknown', () => {
    expect(fold([stockReservationRejected('order-1', 3, 0, 'UNKNOWN_SKU')])).toEqual(initialState);
  });

  it('keeps an order id naming an Object.prototype member as a plain own entry', () => {
    const state = fold([productRegistered(5), stockReserved('__proto__', 2, 3)]);
    expect(state).toEqual(registered(5, 2, { ['__proto__']: 2 }));
    expect(fold([stockReleased('__proto__', 2, 5)], state)).toEqual(registered(5, 0, {}));
  });

  it('produces plain JSON that survives a snapshot round trip', () => {
    const state = fold([
      productRegistered(9),
      stockReserved('order-1', 4, 5),
      stockRestocked(1, 10),
    ]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
