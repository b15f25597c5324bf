import type { OrderCommand } from '../domain/commands.ts';
import type { PolicyCommand } from './index.ts';

type CommandType = OrderCommand['type'];
type DataOf<T extends CommandType> = Extract<OrderCommand, { type: T }>['data'];

/**
 * Refusals by which the order has the final word on an answer: it concerns no order, no line, or
 * no payment request the order has. The same refusal would come back on every retry, and holding
 * the other context's partition for it would stall every other order's answers, so the step is
 * done. Anything else (a parked command, no outcome) is retried.
 */
export const answerRefusals = ['ORDER_NOT_FOUND', 'LINE_NOT_FOUND', 'ORDER_NOT_AWAITING_PAYMENT'];

/**
 * Another context's answer, delivered to the order it concerns. Each event carries one answer,
 * so the command type is key enough.
 */
export const toOrder = <T extends CommandType>(
  type: T,
  orderId: string,
  data: DataOf<T>,
): PolicyCommand => ({
  context: 'orders',
  type,
  aggregateId: orderId,
  data,
  key: type,
  expectedRefusals: answerRefusals,
});
