import type { OrderCommand } from '../domain/commands.ts';
import type { PolicyCommand } from './index.ts';

type CommandType = OrderCommand['type'];
type DataOf<T extends CommandType> = Extract<OrderCommand, { type: T }>['data'];

/**
 * Another context's answer, delivered to the order it concerns. Each event carries one answer,
 * so the command type is key enough.
 */
export const toOrder = <T extends CommandType>(
  type: T,
  orderId: string,
  data: DataOf<T>,
): PolicyCommand => ({ context: 'orders', type, aggregateId: orderId, data, key: type });
