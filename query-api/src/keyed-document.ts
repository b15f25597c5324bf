/** How keyed read models are stored in MongoDB (one document per aggregate). */
export interface KeyedDocument<V> {
  _id: string;
  /** The aggregate version of the last event folded into the view. */
  version: number;
  view: V;
  updatedAt: string;
}

export const orderStatuses = [
  'Placed',
  'AwaitingPayment',
  'Confirmed',
  'Rejected',
  'Cancelled',
] as const;

export const versionEtag = (version: number) => `"${String(version)}"`;
