import { describe, expect, it } from 'vitest';
import { accountDecider, paymentsContext } from '../src/domain/index.ts';

describe('paymentsContext', () => {
  it('runs the account decider under the payments topics with a schema per event type', () => {
    expect(paymentsContext.name).toBe('payments');
    expect(paymentsContext.decider).toBe(accountDecider);
    expect(Object.keys(paymentsContext.eventSchemas).sort()).toEqual([
      'AccountOpened',
      'CreditGranted',
      'PaymentAuthorized',
      'PaymentDeclined',
      'PaymentRefunded',
    ]);
    for (const [type, schema] of Object.entries(paymentsContext.eventSchemas)) {
      expect(schema).toMatchObject({ name: type, namespace: 'dev.orderflow.payments' });
    }
  });
});
