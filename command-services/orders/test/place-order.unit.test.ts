import { describe, it } from 'vitest';
import { lineA, lineB, placed, placedHistory, rejectedHistory } from './order-events.ts';
import { command, customerId, deadline, given, orderId, placedAt } from './order-spec.ts';

const placeOrder = (lines: { sku: string; quantity: number; unitPrice: number }[], at = placedAt) =>
  command('PlaceOrder', { customerId, currency: 'EUR', lines, deadline }, at);

describe('PlaceOrder', () => {
  it('places the order with its lines, the total and the time it was issued', () => {
    given()
      .when(placeOrder([lineA, lineB]))
      .then([placed]);
  });

  it('totals quantity times unit price over every line', () => {
    const lines = [
      { sku: 'x', quantity: 3, unitPrice: 199 },
      { sku: 'y', quantity: 10, unitPrice: 5 },
    ];
    given()
      .when(placeOrder(lines))
      .then([
        {
          type: 'OrderPlaced',
          data: { orderId, customerId, currency: 'EUR', lines, total: 647, placedAt, deadline },
        },
      ]);
  });

  it('places a free order (every unit price 0) with a total of 0', () => {
    const lines = [{ sku: 'gift', quantity: 1, unitPrice: 0 }];
    given()
      .when(placeOrder(lines))
      .then([
        {
          type: 'OrderPlaced',
          data: { orderId, customerId, currency: 'EUR', lines, total: 0, placedAt, deadline },
        },
      ]);
  });

  it('refuses an order id that is already placed', () => {
    given(placedHistory)
      .when(placeOrder([lineA]))
      .then('ORDER_ALREADY_EXISTS');
  });

  it('refuses an order id whose order was already rejected', () => {
    given(rejectedHistory)
      .when(placeOrder([lineA]))
      .then('ORDER_ALREADY_EXISTS');
  });

  it('refuses the same SKU on two lines', () => {
    given()
      .when(placeOrder([lineA, lineB, { ...lineA, quantity: 1 }]))
      .then('DUPLICATE_SKU');
  });

  it('refuses a deadline that is not after the moment the order is placed', () => {
    given()
      .when(placeOrder([lineA], deadline))
      .then('DEADLINE_NOT_AFTER_PLACEMENT');
    given()
      .when(placeOrder([lineA], '2026-11-23T11:00:00.000Z'))
      .then('DEADLINE_NOT_AFTER_PLACEMENT');
  });

  it('refuses a total beyond the largest exact integer, though each line is valid', () => {
    const line = { sku: 'gold', quantity: 2 ** 40, unitPrice: 2 ** 20 };
    given()
      .when(placeOrder([line]))
      .then('ORDER_TOTAL_TOO_LARGE');
  });
});
