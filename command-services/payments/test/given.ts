import type { PaymentsEvent } from '@orderflow/contracts';
import { DomainError, type CommandMetadata } from '@orderflow/kernel';
import { expect } from 'vitest';
import { accountDecider, type Account, type PaymentsCommand } from '../src/domain/index.ts';

export const customerId = 'cust-1';

const metadata: CommandMetadata = {
  commandId: 'cmd-1',
  aggregateId: customerId,
  issuedAt: '2026-11-23T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: null,
  expectedVersion: null,
  traceparent: null,
};

// Distributes over the union, so `type` still narrows `data`.
type BodyOf<C> = C extends PaymentsCommand ? Pick<C, 'type' | 'data'> : never;
type CommandBody = BodyOf<PaymentsCommand>;

export const command = (body: CommandBody): PaymentsCommand => ({ ...body, metadata });

export const fold = (events: readonly PaymentsEvent[]): Account =>
  events.reduce(accountDecider.evolve, accountDecider.initialState);

/** given(history).when(command).then(events) or .thenRefuses(code): one business rule per spec. */
export const given = (...history: PaymentsEvent[]) => ({
  when: (body: CommandBody) => {
    const decide = () => accountDecider.decide(command(body), fold(history));
    return {
      then: (...expected: PaymentsEvent[]) => {
        expect(decide()).toEqual(expected);
      },
      thenRefuses: (code: string) => {
        const refusal = thrownBy(decide);
        expect(refusal).toBeInstanceOf(DomainError);
        expect(refusal).toMatchObject({ code });
      },
    };
  },
});

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

export const opened = (creditLimit = 1000, currency = 'EUR'): PaymentsEvent => ({
  type: 'AccountOpened',
  data: { customerId, creditLimit, currency },
});

export const authorized = (
  orderId: string,
  amount: number,
  availableAfter: number,
): PaymentsEvent => ({
  type: 'PaymentAuthorized',
  data: { customerId, orderId, amount, currency: 'EUR', availableAfter },
});

export const refunded = (
  orderId: string,
  amount: number,
  availableAfter: number,
): PaymentsEvent => ({
  type: 'PaymentRefunded',
  data: { customerId, orderId, amount, availableAfter },
});
