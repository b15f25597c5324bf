import { describe, it } from 'vitest';
import {
  given,
  productRegistered,
  releaseStock,
  stockReleased,
  stockReservationRejected,
  stockReserved,
} from './inventory-given.ts';

const reservedFiveOfTen = [productRegistered(10), stockReserved('order-1', 5, 5)];

describe('ReleaseStock', () => {
  it("releases all the order's units when no quantity is given", () => {
    given(...reservedFiveOfTen)
      .when(releaseStock('order-1'))
      .then([stockReleased('order-1', 5, 10)]);
  });

  it('releases part of a reservation', () => {
    given(...reservedFiveOfTen)
      .when(releaseStock('order-1', 2))
      .then([stockReleased('order-1', 2, 7)]);
  });

  it('releases exactly what the order holds', () => {
    given(...reservedFiveOfTen)
      .when(releaseStock('order-1', 5))
      .then([stockReleased('order-1', 5, 10)]);
  });

  it('releases the rest after a partial release', () => {
    given(...reservedFiveOfTen, stockReleased('order-1', 2, 7))
      .when(releaseStock('order-1'))
      .then([stockReleased('order-1', 3, 10)]);
  });

  it("leaves other orders' reservations alone", () => {
    given(...reservedFiveOfTen, stockReserved('order-2', 3, 2))
      .when(releaseStock('order-2'))
      .then([stockReleased('order-2', 3, 5)]);
  });

  it('refuses to release more than the order reserved', () => {
    given(...reservedFiveOfTen)
      .when(releaseStock('order-1', 6))
      .then('RELEASE_EXCEEDS_RESERVATION');
  });

  it('refuses to release more than the order reserved, even if other orders hold enough', () => {
    given(...reservedFiveOfTen, stockReserved('order-2', 5, 0))
      .when(releaseStock('order-1', 8))
      .then('RELEASE_EXCEEDS_RESERVATION');
  });

  it('is a no-op for an order holding nothing, so sagas may retry compensations', () => {
    given(productRegistered(10)).when(releaseStock('order-1')).then([]);
  });

  it('is a no-op once the reservation was already released', () => {
    given(...reservedFiveOfTen, stockReleased('order-1', 5, 10))
      .when(releaseStock('order-1', 5))
      .then([]);
  });

  it('is a no-op for an order whose reservation was rejected', () => {
    given(productRegistered(1), stockReservationRejected('order-1', 3, 1, 'INSUFFICIENT_STOCK'))
      .when(releaseStock('order-1'))
      .then([]);
  });

  it('refuses an unregistered SKU', () => {
    given().when(releaseStock('order-1')).then('PRODUCT_NOT_FOUND');
  });

  it('does not mistake an Object.prototype member for a reservation', () => {
    given(productRegistered(10)).when(releaseStock('toString')).then([]);
  });
});
