import type { OrdersEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import type { OrderLineInput, PlaceOrder } from './commands.ts';
import type { Order } from './order.ts';

export const placeOrder = (command: PlaceOrder, state: Order): OrdersEvent[] => {
  const orderId = command.metadata.aggregateId;
  if (state.status !== 'Unknown') {
    throw new DomainError('ORDER_ALREADY_EXISTS', `order ${orderId} already exists`);
  }
  const { customerId, currency, lines, deadline } = command.data;
  const duplicate = firstDuplicateSku(lines);
  if (duplicate !== undefined) {
    throw new DomainError('DUPLICATE_SKU', `${duplicate} appears on more than one line`);
  }
  const placedAt = command.metadata.issuedAt;
  if (!(Date.parse(deadline) > Date.parse(placedAt))) {
    throw new DomainError(
      'DEADLINE_NOT_AFTER_PLACEMENT',
      `deadline ${deadline} is not after ${placedAt}`,
    );
  }
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  // Avro longs decode exactly only up to 2^53 - 1 in JavaScript.
  if (!Number.isSafeInteger(total)) {
    throw new DomainError(
      'ORDER_TOTAL_TOO_LARGE',
      `the order total exceeds the largest exact amount`,
    );
  }
  const orderLines = lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice }));
  return [
    {
      type: 'OrderPlaced',
      data: { orderId, customerId, currency, lines: orderLines, total, placedAt, deadline },
    },
  ];
};

const firstDuplicateSku = (lines: readonly OrderLineInput[]): string | undefined => {
  const seen = new Set<string>();
  for (const { sku } of lines) {
    if (seen.has(sku)) return sku;
    seen.add(sku);
  }
  return undefined;
};
