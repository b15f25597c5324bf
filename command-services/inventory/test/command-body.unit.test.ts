import { describe, expect, it } from 'vitest';
import { inventoryCommandBody } from '../src/domain/commands.ts';

const accepts = (body: unknown): void => {
  expect(inventoryCommandBody.safeParse(body).success).toBe(true);
};
const refuses = (body: unknown): void => {
  expect(inventoryCommandBody.safeParse(body).success).toBe(false);
};

describe('inventoryCommandBody', () => {
  it('accepts every command in its minimal and full forms', () => {
    accepts({ type: 'RegisterProduct', data: { name: 'Blue mug' } });
    accepts({ type: 'RegisterProduct', data: { name: 'Blue mug', initialStock: 0 } });
    accepts({ type: 'RestockProduct', data: { quantity: 1 } });
    accepts({ type: 'ReserveStock', data: { orderId: 'order-1', quantity: 1 } });
    accepts({ type: 'ReleaseStock', data: { orderId: 'order-1' } });
    accepts({ type: 'ReleaseStock', data: { orderId: 'order-1', quantity: 2 } });
  });

  it('refuses an unknown command type', () => {
    refuses({ type: 'DeleteProduct', data: {} });
  });

  it('refuses unknown fields, in data and beside it', () => {
    refuses({ type: 'RestockProduct', data: { quantity: 1, sku: 'MUG' } });
    refuses({ type: 'RestockProduct', data: { quantity: 1 }, extra: true });
  });

  it('refuses an empty, blank or over-long product name', () => {
    refuses({ type: 'RegisterProduct', data: { name: '' } });
    refuses({ type: 'RegisterProduct', data: { name: '   ' } });
    refuses({ type: 'RegisterProduct', data: { name: 'x'.repeat(201) } });
    accepts({ type: 'RegisterProduct', data: { name: 'x'.repeat(200) } });
  });

  it('trims the product name', () => {
    const parsed = inventoryCommandBody.parse({ type: 'RegisterProduct', data: { name: ' Mug ' } });
    expect(parsed.data).toEqual({ name: 'Mug' });
  });

  it('refuses a negative or fractional initial stock', () => {
    refuses({ type: 'RegisterProduct', data: { name: 'Mug', initialStock: -1 } });
    refuses({ type: 'RegisterProduct', data: { name: 'Mug', initialStock: 1.5 } });
  });

  it.each([0, -3, 2.5, Number.MAX_SAFE_INTEGER + 1, '3', null])(
    'refuses the quantity %s in every command that takes one',
    (quantity) => {
      refuses({ type: 'RestockProduct', data: { quantity } });
      refuses({ type: 'ReserveStock', data: { orderId: 'order-1', quantity } });
      refuses({ type: 'ReleaseStock', data: { orderId: 'order-1', quantity } });
    },
  );

  it('refuses a reservation or release without an order id', () => {
    refuses({ type: 'ReserveStock', data: { quantity: 1 } });
    refuses({ type: 'ReserveStock', data: { orderId: '', quantity: 1 } });
    refuses({ type: 'ReleaseStock', data: {} });
  });

  it('refuses a reservation without a quantity', () => {
    refuses({ type: 'ReserveStock', data: { orderId: 'order-1' } });
  });
});
