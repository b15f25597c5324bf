import { describe, it } from 'vitest';
import {
  given,
  productRegistered,
  reserveStock,
  stockReleased,
  stockReservationRejected,
  stockReserved,
  stockRestocked,
} from './inventory-given.ts';

describe('ReserveStock', () => {
  it('reserves available units for an order line', () => {
    given(productRegistered(10))
      .when(reserveStock('order-1', 4))
      .then([stockReserved('order-1', 4, 6)]);
  });

  it('reserves exactly the units available', () => {
    given(productRegistered(4))
      .when(reserveStock('order-1', 4))
      .then([stockReserved('order-1', 4, 0)]);
  });

  it('counts only units not reserved by other orders as available', () => {
    given(productRegistered(10), stockReserved('order-1', 7, 3))
      .when(reserveStock('order-2', 3))
      .then([stockReserved('order-2', 3, 0)]);
  });

  it('rejects with an event, not an error, when too few units are available', () => {
    given(productRegistered(10), stockReserved('order-1', 7, 3))
      .when(reserveStock('order-2', 4))
      .then([stockReservationRejected('order-2', 4, 3, 'INSUFFICIENT_STOCK')]);
  });

  it('rejects when the product has no stock at all', () => {
    given(productRegistered(0))
      .when(reserveStock('order-1', 1))
      .then([stockReservationRejected('order-1', 1, 0, 'INSUFFICIENT_STOCK')]);
  });

  it('rejects an unregistered SKU with an event the saga can react to', () => {
    given()
      .when(reserveStock('order-1', 2))
      .then([stockReservationRejected('order-1', 2, 0, 'UNKNOWN_SKU')]);
  });

  it('is idempotent for an order already holding a reservation: no new event', () => {
    given(productRegistered(10), stockReserved('order-1', 4, 6))
      .when(reserveStock('order-1', 4))
      .then([]);
  });

  it('does not reject a repeated reservation even when the stock has since run out', () => {
    given(productRegistered(4), stockReserved('order-1', 4, 0))
      .when(reserveStock('order-1', 4))
      .then([]);
  });

  it('reserves again for an order whose reservation was released', () => {
    given(productRegistered(10), stockReserved('order-1', 4, 6), stockReleased('order-1', 4, 10))
      .when(reserveStock('order-1', 2))
      .then([stockReserved('order-1', 2, 8)]);
  });

  it('reserves for an order that was rejected earlier once stock arrived', () => {
    given(
      productRegistered(1),
      stockReservationRejected('order-1', 3, 1, 'INSUFFICIENT_STOCK'),
      stockRestocked(5, 6),
    )
      .when(reserveStock('order-1', 3))
      .then([stockReserved('order-1', 3, 3)]);
  });

  it('treats an order id that names an Object.prototype member as an ordinary order', () => {
    given(productRegistered(5))
      .when(reserveStock('constructor', 2))
      .then([stockReserved('constructor', 2, 3)]);
  });
});
