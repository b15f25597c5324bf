import { describe, expect, it } from 'vitest';
import { TargetSnapshot } from '@orderflow/read-targets';
import { inReadModelNamespace, readModelNamespace } from '../src/read-model-namespace.ts';

const live = new TargetSnapshot('read_models_bench', new Map([['order-details', 3]]), 1);

describe('READ_MODEL_NAMESPACE in the query API', () => {
  it('is off when unset or blank', () => {
    expect(readModelNamespace({})).toBeUndefined();
    expect(readModelNamespace({ READ_MODEL_NAMESPACE: '  ' })).toBeUndefined();
    expect(inReadModelNamespace(live, undefined)).toBe(live);
  });

  it('refuses a value that cannot be part of a collection name', () => {
    expect(() => readModelNamespace({ READ_MODEL_NAMESPACE: 'a.b' })).toThrow(
      /READ_MODEL_NAMESPACE/,
    );
    expect(() => readModelNamespace({ READ_MODEL_NAMESPACE: 'x'.repeat(49) })).toThrow(
      /READ_MODEL_NAMESPACE/,
    );
  });

  // The names the projector's sinks write under with the same namespace (sink-for.ts).
  it('reads version 1 from `<collection>_<ns>` and progress `<projection>.<ns>`', () => {
    const targets = inReadModelNamespace(live, readModelNamespace({ READ_MODEL_NAMESPACE: 'b_1' }));
    expect(targets.collection('stock-levels', 'stock_levels')).toBe('stock_levels_b_1');
    expect(targets.progressName('stock-levels')).toBe('stock-levels.b_1');
    expect(targets.schema('accounts')).toBe('read_models_bench');
  });

  it('puts the namespace before a rebuilt version suffix, as the projector does', () => {
    const targets = inReadModelNamespace(live, 'b_1');
    expect(targets.collection('order-details', 'order_details')).toBe('order_details_v3_b_1');
    expect(targets.progressName('order-details')).toBe('order-details.b_1.v3');
    expect(targets.schema('order-details')).toBe('read_models_bench_v3');
  });
});
