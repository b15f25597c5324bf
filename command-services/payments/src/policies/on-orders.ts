import type { OrdersEvent } from '@orderflow/contracts';
import type { PaymentsCommand } from '../domain/commands.ts';
import type { Policy, PolicyCommand } from './index.ts';

type CommandType = PaymentsCommand['type'];
type DataOf<T extends CommandType> = Extract<PaymentsCommand, { type: T }>['data'];

/**
 * A command on the customer's account. Each event asks one thing, so the type is key enough.
 * No refusal is an expected answer: AuthorizePayment answers with events (authorized or
 * declined), and RefundPayment is a compensation that must succeed, so the runner retries any.
 */
const onAccount = <T extends CommandType>(
  type: T,
  customerId: string,
  data: DataOf<T>,
): PolicyCommand => ({ context: 'payments', type, aggregateId: customerId, data, key: type });

const react = (event: OrdersEvent): PolicyCommand[] => {
  switch (event.type) {
    case 'OrderAwaitingPayment': {
      const { orderId, customerId, total, currency } = event.data;
      return [onAccount('AuthorizePayment', customerId, { orderId, amount: total, currency })];
    }
    case 'OrderCancelled':
    case 'OrderRefundRequested': {
      // A cancellation, or a payment authorized after the order was rejected (a late answer).
      // The refund gives back the whole authorized amount, which the account knows.
      const { orderId, customerId } = event.data;
      return [onAccount('RefundPayment', customerId, { orderId })];
    }
    default:
      // OrderPlaced, OrderLineReserved, OrderConfirmed, OrderRejected (its refund, if any,
      // follows as OrderRefundRequested), OrderStockReleaseRequested, and any event type added
      // later: nothing for payments to do.
      return [];
  }
};

/** Payments' part of the saga: authorize an order's total, refund it when the order is undone. */
export const paymentsOnOrders: Policy<'orders'> = {
  name: 'payments.on-orders',
  sourceContext: 'orders',
  react,
};
