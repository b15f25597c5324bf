import type { OrdersEvent } from '@orderflow/contracts';
import { DomainError } from '@orderflow/kernel';
import { expect } from 'vitest';
import { ordersCommandBody, type OrderCommand } from '../src/domain/commands.ts';
import { orderDecider } from '../src/domain/decider.ts';
import type { Order } from '../src/domain/order.ts';

export const orderId = 'order-1';
export const customerId = 'customer-1';
export const placedAt = '2026-11-23T10:00:00.000Z';
export const deadline = '2026-11-23T10:15:00.000Z';
/** When the saga's answers arrive, unless a test says otherwise. */
export const answeredAt = '2026-11-23T10:01:00.000Z';

type CommandType = OrderCommand['type'];
type DataOf<T extends CommandType> = Extract<OrderCommand, { type: T }>['data'];

let sequence = 0;

/** A command on the test order, as the kernel hands it to the decider. */
export const command = <T extends CommandType>(
  type: T,
  data: DataOf<T>,
  issuedAt = answeredAt,
): OrderCommand => {
  sequence += 1;
  return {
    type,
    data,
    metadata: {
      commandId: `command-${sequence}`,
      aggregateId: orderId,
      issuedAt,
      correlationId: 'correlation-1',
      causationId: null,
      expectedVersion: null,
      traceparent: null,
    },
  } as OrderCommand;
};

export const fold = (events: readonly OrdersEvent[], from: Order = orderDecider.initialState) =>
  events.reduce(orderDecider.evolve, from);

/** given(history).when(command).then(events | error code) */
export const given = (history: readonly OrdersEvent[] = []) => ({
  when: (next: OrderCommand) => {
    // Every command a spec decides must be one the commands topic would let through.
    const body = ordersCommandBody.safeParse({ type: next.type, data: next.data });
    expect(body.error?.issues).toBeUndefined();
    const decided = () => orderDecider.decide(next, fold(history));
    return {
      then: (expected: readonly OrdersEvent[] | string): void => {
        if (typeof expected === 'string') {
          expect(refusalCode(decided)).toBe(expected);
          return;
        }
        expect(decided()).toEqual(expected);
      },
    };
  },
});

const refusalCode = (decided: () => unknown): string | undefined => {
  try {
    decided();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

/** Decides each command against the state the previous ones left, as the processor would. */
export const run = (commands: readonly OrderCommand[]) => {
  let state = orderDecider.initialState;
  const events: OrdersEvent[] = [];
  for (const next of commands) {
    const decided = orderDecider.decide(next, state);
    state = fold(decided, state);
    events.push(...decided);
  }
  return { state, events };
};
