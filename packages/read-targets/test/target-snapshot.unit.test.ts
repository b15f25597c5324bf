import { describe, expect, it } from 'vitest';
import { TargetSnapshot } from '../src/live-target.ts';
import {
  initialGroupId,
  mongoCollectionOf,
  pgSchemaOf,
  progressNameOf,
  rebuildGroupId,
} from '../src/target-names.ts';

const noNamespace = {};

describe('target names', () => {
  it('keeps version 1 where the read models always were', () => {
    expect(pgSchemaOf('read_models', 1)).toBe('read_models');
    expect(mongoCollectionOf('order_details', 1)).toBe('order_details');
    expect(progressNameOf('accounts', 1)).toBe('accounts');
    expect(initialGroupId('accounts', 'read_models', noNamespace)).toBe('projection.accounts');
  });

  it('puts version N beside it, under names of its own', () => {
    expect(pgSchemaOf('read_models', 3)).toBe('read_models_v3');
    expect(mongoCollectionOf('order_details', 2)).toBe('order_details_v2');
    expect(progressNameOf('accounts', 2)).toBe('accounts.v2');
    expect(rebuildGroupId('accounts', 'read_models', 2, 'abc', noNamespace)).toBe(
      'projection.accounts.v2.abc',
    );
  });

  it('gives read models kept in another schema groups of their own', () => {
    expect(initialGroupId('accounts', 'staging', noNamespace)).toBe('projection.staging.accounts');
    expect(rebuildGroupId('accounts', 'staging', 2, 'abc', noNamespace)).toBe(
      'projection.staging.accounts.v2.abc',
    );
  });

  it('names groups inside the Kafka namespace, as the projector names its own', () => {
    const teamA = { ORDERFLOW_KAFKA_NAMESPACE: 'team-a' };
    expect(initialGroupId('accounts', 'read_models', teamA)).toBe('team-a.projection.accounts');
    expect(rebuildGroupId('accounts', 'read_models', 2, 'abc', teamA)).toBe(
      'team-a.projection.accounts.v2.abc',
    );
  });
});

describe('TargetSnapshot', () => {
  it('resolves every projection to its live version, version 1 when the registry has no row', () => {
    const snapshot = new TargetSnapshot('read_models', new Map([['accounts', 2]]), 0);
    expect(snapshot.schema('accounts')).toBe('read_models_v2');
    expect(snapshot.progressName('accounts')).toBe('accounts.v2');
    expect(snapshot.schema('sales-lines')).toBe('read_models');
    expect(snapshot.collection('order-details', 'order_details')).toBe('order_details');
  });
});
