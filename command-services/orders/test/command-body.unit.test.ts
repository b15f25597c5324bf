import { describe, expect, it } from 'vitest';
import { ordersCommandBody } from '../src/domain/commands.ts';

const line = { sku: 'sku-a', quantity: 2, unitPrice: 1000 };
const placeOrder = (data: Record<string, unknown>) => ({
  type: 'PlaceOrder',
  data: {
    customerId: 'customer-1',
    currency: 'EUR',
    lines: [line],
    deadline: '2026-11-23T10:15:00.000Z',
    ...data,
  },
});
const lines = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ ...line, sku: `sku-${index}` }));

/** The path of the first issue, or undefined when the body is valid. */
const problemAt = (body: unknown) =>
  ordersCommandBody.safeParse(body).error?.issues[0]?.path.join('.');

describe('ordersCommandBody', () => {
  it.each([
    ['PlaceOrder', placeOrder({})],
    ['PlaceOrder with a free line', placeOrder({ lines: [{ ...line, unitPrice: 0 }] })],
    ['PlaceOrder with 100 lines', placeOrder({ lines: lines(100) })],
    [
      'PlaceOrder with a deadline carrying an offset',
      placeOrder({ deadline: '2026-11-23T11:15:00+01:00' }),
    ],
    ['CancelOrder with a reason', { type: 'CancelOrder', data: { reason: 'too late' } }],
    ['CancelOrder without a reason', { type: 'CancelOrder', data: {} }],
    ['RecordStockReserved', { type: 'RecordStockReserved', data: { sku: 'sku-a', quantity: 2 } }],
    [
      'RecordStockRejected',
      { type: 'RecordStockRejected', data: { sku: 'sku-a', reason: 'INSUFFICIENT_STOCK' } },
    ],
    ['RecordPaymentAuthorized', { type: 'RecordPaymentAuthorized', data: { amount: 2550 } }],
    [
      'RecordPaymentAuthorized of 0 (a free order)',
      { type: 'RecordPaymentAuthorized', data: { amount: 0 } },
    ],
    [
      'RecordPaymentDeclined',
      { type: 'RecordPaymentDeclined', data: { reason: 'INSUFFICIENT_CREDIT' } },
    ],
    ['ExpireOrder', { type: 'ExpireOrder', data: {} }],
  ])('accepts %s', (_, body) => {
    expect(problemAt(body)).toBeUndefined();
  });

  it.each([
    ['a lowercase currency', placeOrder({ currency: 'eur' }), 'data.currency'],
    ['a currency of 4 letters', placeOrder({ currency: 'EURO' }), 'data.currency'],
    ['a missing currency', placeOrder({ currency: undefined }), 'data.currency'],
    ['an empty customer id', placeOrder({ customerId: '' }), 'data.customerId'],
    ['no lines', placeOrder({ lines: [] }), 'data.lines'],
    ['more than 100 lines', placeOrder({ lines: lines(101) }), 'data.lines'],
    ['a quantity of 0', placeOrder({ lines: [{ ...line, quantity: 0 }] }), 'data.lines.0.quantity'],
    [
      'a negative quantity',
      placeOrder({ lines: [{ ...line, quantity: -1 }] }),
      'data.lines.0.quantity',
    ],
    [
      'a fractional quantity',
      placeOrder({ lines: [{ ...line, quantity: 1.5 }] }),
      'data.lines.0.quantity',
    ],
    [
      'a negative unit price',
      placeOrder({ lines: [{ ...line, unitPrice: -1 }] }),
      'data.lines.0.unitPrice',
    ],
    [
      'a fractional unit price (not minor units)',
      placeOrder({ lines: [{ ...line, unitPrice: 9.99 }] }),
      'data.lines.0.unitPrice',
    ],
    [
      'a unit price beyond exact integers',
      placeOrder({ lines: [{ ...line, unitPrice: 2 ** 53 }] }),
      'data.lines.0.unitPrice',
    ],
    ['an empty SKU', placeOrder({ lines: [{ ...line, sku: '' }] }), 'data.lines.0.sku'],
    ['an unknown line field', placeOrder({ lines: [{ ...line, discount: 5 }] }), 'data.lines.0'],
    ['a deadline that is not an instant', placeOrder({ deadline: 'tomorrow' }), 'data.deadline'],
    ['an unknown data field', placeOrder({ total: 2000 }), 'data'],
    ['an unknown top-level field', { ...placeOrder({}), metadata: {} }, ''],
    ['an empty cancellation reason', { type: 'CancelOrder', data: { reason: '' } }, 'data.reason'],
    [
      'a reservation of 0 units',
      { type: 'RecordStockReserved', data: { sku: 'sku-a', quantity: 0 } },
      'data.quantity',
    ],
    [
      'a refusal without a reason',
      { type: 'RecordStockRejected', data: { sku: 'sku-a' } },
      'data.reason',
    ],
    [
      'a negative authorized amount',
      { type: 'RecordPaymentAuthorized', data: { amount: -1 } },
      'data.amount',
    ],
    [
      'a fractional authorized amount',
      { type: 'RecordPaymentAuthorized', data: { amount: 25.5 } },
      'data.amount',
    ],
    ['a decline without a reason', { type: 'RecordPaymentDeclined', data: {} }, 'data.reason'],
    ['an expiry carrying data', { type: 'ExpireOrder', data: { at: 'now' } }, 'data'],
    ['an unknown command type', { type: 'ShipOrder', data: {} }, 'type'],
  ])('refuses %s', (_, body, path) => {
    expect(problemAt(body)).toBe(path);
  });
});
