import { describe, expect, it } from 'vitest';
import { ConfigurationError, kafkaNamespace, namespaced } from '../src/index.ts';

describe('ORDERFLOW_KAFKA_NAMESPACE', () => {
  it('leaves the names as they are by default (they are the public contract)', () => {
    expect(kafkaNamespace({})).toBe('');
    expect(namespaced('orders.events', { ORDERFLOW_KAFKA_NAMESPACE: '  ' })).toBe('orders.events');
  });

  it('prefixes every name with the namespace and a dot', () => {
    const env = { ORDERFLOW_KAFKA_NAMESPACE: 'e2e-1a2b' };
    expect(namespaced('orders.events', env)).toBe('e2e-1a2b.orders.events');
    expect(namespaced('policy.inventory.on-orders', env)).toBe(
      'e2e-1a2b.policy.inventory.on-orders',
    );
  });

  it('refuses a namespace that would make odd topic names, naming the variable', () => {
    for (const bad of ['Team', 'a.b', '-x', 'a b', 'x'.repeat(64)]) {
      expect(() => kafkaNamespace({ ORDERFLOW_KAFKA_NAMESPACE: bad })).toThrow(ConfigurationError);
      expect(() => kafkaNamespace({ ORDERFLOW_KAFKA_NAMESPACE: bad })).toThrow(
        /ORDERFLOW_KAFKA_NAMESPACE/,
      );
    }
  });
});
