import type { EventSource, KeyedReadModel } from '../../src/index.ts';

export interface Balance {
  total: number;
  deposits: number;
}

/** Amounts whose fold throws: a "bug" a test can deploy and then fix. */
export const failing = { amounts: new Set<number>() };

export const balanceModel = (name: string, source: EventSource): KeyedReadModel<unknown> => ({
  kind: 'keyed',
  name,
  sources: [source],
  evolve: (view, envelope) => {
    const amount = (envelope.event.data as { amount: number }).amount;
    if (failing.amounts.has(amount)) throw new Error(`cannot fold ${String(amount)}`);
    const current = (view as Balance | null) ?? { total: 0, deposits: 0 };
    return { total: current.total + amount, deposits: current.deposits + 1 };
  },
});
