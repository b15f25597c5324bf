/** Units each order holds on this SKU; an order holding nothing has no entry. */
export type Reservations = Readonly<Record<string, number>>;

/** The Stock aggregate, one per SKU. Plain JSON: it is snapshotted as is. */
export type Stock =
  | { readonly status: 'Unknown' }
  | {
      readonly status: 'Registered';
      readonly name: string;
      /** Units on hand, reserved ones included. */
      readonly total: number;
      /** Sum of `reservations`, kept so `available` needs no fold. */
      readonly reserved: number;
      readonly reservations: Reservations;
    };

export type RegisteredStock = Extract<Stock, { status: 'Registered' }>;

export const initialState: Stock = { status: 'Unknown' };

export const availableOf = (stock: RegisteredStock): number => stock.total - stock.reserved;

// Order ids come from outside: an id such as "constructor" must not read Object.prototype.
export const heldBy = (reservations: Reservations, orderId: string): number =>
  Object.hasOwn(reservations, orderId) ? (reservations[orderId] ?? 0) : 0;

export const withHolding = (
  reservations: Reservations,
  orderId: string,
  units: number,
): Reservations => {
  const others = Object.entries(reservations).filter(([id]) => id !== orderId);
  return Object.fromEntries(units > 0 ? [...others, [orderId, units]] : others);
};
