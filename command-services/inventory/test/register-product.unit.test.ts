import { describe, it } from 'vitest';
import { given, productRegistered, registerProduct, stockRestocked } from './inventory-given.ts';

describe('RegisterProduct', () => {
  it('registers an unknown SKU with its initial stock', () => {
    given()
      .when(registerProduct({ name: 'Blue mug 350 ml', initialStock: 12 }))
      .then([productRegistered(12)]);
  });

  it('registers with no stock on hand when initialStock is absent', () => {
    given()
      .when(registerProduct({ name: 'Blue mug 350 ml' }))
      .then([productRegistered(0)]);
  });

  it('takes the SKU from the aggregate id, not from the command data', () => {
    given()
      .when(registerProduct({ name: 'Red mug' }, 'MUG-RED'))
      .then([
        { type: 'ProductRegistered', data: { sku: 'MUG-RED', name: 'Red mug', initialStock: 0 } },
      ]);
  });

  it('refuses a SKU that is already registered', () => {
    given(productRegistered(5))
      .when(registerProduct({ name: 'Blue mug 350 ml', initialStock: 5 }))
      .then('PRODUCT_ALREADY_REGISTERED');
  });

  it('refuses re-registering even after the stock changed', () => {
    given(productRegistered(0), stockRestocked(3, 3))
      .when(registerProduct({ name: 'Another name' }))
      .then('PRODUCT_ALREADY_REGISTERED');
  });
});
