import type { OrderLine } from '@orderflow/contracts';

/** What an order keeps from the moment it is placed, whatever becomes of it. */
export interface OrderDetails {
  customerId: string;
  currency: string;
  lines: OrderLine[];
  /** In minor units of `currency`. */
  total: number;
  placedAt: string;
  deadline: string;
}

export interface PlacedOrder extends OrderDetails {
  status: 'Placed';
  /** SKUs inventory has reserved so far, in the order the answers came. */
  reserved: string[];
}

export interface AwaitingPaymentOrder extends OrderDetails {
  status: 'AwaitingPayment';
  reserved: string[];
}

export interface ConfirmedOrder extends OrderDetails {
  status: 'Confirmed';
  reserved: string[];
  amount: number;
  confirmedAt: string;
}

export interface RejectedOrder extends OrderDetails {
  status: 'Rejected';
  reason: string;
  rejectedAt: string;
  // Remembered so that a duplicate late answer never asks for a second compensation.
  /** SKUs whose reservation was handed back to inventory, by the rejection or a late release. */
  released: string[];
  refundRequested: boolean;
}

export interface CancelledOrder extends OrderDetails {
  status: 'Cancelled';
  amount: number;
  reason: string | null;
  cancelledAt: string;
}

/** The Order aggregate's state: plain JSON, so it snapshots as is. */
export type Order =
  | { status: 'Unknown' }
  | PlacedOrder
  | AwaitingPaymentOrder
  | ConfirmedOrder
  | RejectedOrder
  | CancelledOrder;

export type KnownOrder = Exclude<Order, { status: 'Unknown' }>;

export const initialState: Order = { status: 'Unknown' };
