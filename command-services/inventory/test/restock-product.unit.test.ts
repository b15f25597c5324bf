import { describe, it } from 'vitest';
import {
  given,
  productRegistered,
  restockProduct,
  stockReservationRejected,
  stockReserved,
  stockRestocked,
} from './inventory-given.ts';

describe('RestockProduct', () => {
  it('adds units to the stock on hand and reports the new total', () => {
    given(productRegistered(4))
      .when(restockProduct(6))
      .then([stockRestocked(6, 10)]);
  });

  it('counts reserved units in the total it reports', () => {
    given(productRegistered(4), stockReserved('order-1', 3, 1))
      .when(restockProduct(2))
      .then([stockRestocked(2, 6)]);
  });

  it('refuses an unregistered SKU', () => {
    given().when(restockProduct(5)).then('PRODUCT_NOT_FOUND');
  });

  it('refuses an unregistered SKU even if a reservation was rejected for it', () => {
    given(stockReservationRejected('order-1', 1, 0, 'UNKNOWN_SKU'))
      .when(restockProduct(5))
      .then('PRODUCT_NOT_FOUND');
  });

  it('refuses a restock whose total would no longer be an exact integer', () => {
    given(productRegistered(Number.MAX_SAFE_INTEGER - 1))
      .when(restockProduct(2))
      .then('STOCK_LIMIT_EXCEEDED');
  });

  it('accepts a restock up to the largest exact integer', () => {
    given(productRegistered(Number.MAX_SAFE_INTEGER - 1))
      .when(restockProduct(1))
      .then([stockRestocked(1, Number.MAX_SAFE_INTEGER)]);
  });
});
