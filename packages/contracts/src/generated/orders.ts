// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.

/** Every line of the order is reserved; payments is asked to authorize the total. */
export interface OrderAwaitingPayment {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The customer whose account pays. */
  customerId: string;
  /** The amount to authorize, in minor units of the currency. */
  total: number;
  /** ISO 4217 code of the total. */
  currency: string;
}

/** The customer cancelled a confirmed order: inventory releases every line and payments refunds the amount. */
export interface OrderCancelled {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The customer whose account is refunded. */
  customerId: string;
  /** The customer's reason, when one was given. */
  reason: string | null;
  /** Every line of the order: inventory releases each of them. */
  lines: ReservedLine[];
  /** The authorized amount to refund, in minor units of the order's currency. */
  amount: number;
  /** ISO 4217 code of the amount (the order's currency). */
  currency: string;
  /** ISO-8601 instant at which the order was cancelled. */
  cancelledAt: string;
}

/** Units of one SKU that inventory holds for the order and must release. */
export interface ReservedLine {
  /** The product's stock-keeping unit. */
  sku: string;
  /** Units held for the order (always positive). */
  quantity: number;
}

/** Stock is reserved and the payment authorized: the order is confirmed. */
export interface OrderConfirmed {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The amount payments authorized (the order's total), in minor units of the order's currency. */
  amount: number;
  /** ISO 4217 code of the amount (the order's currency). */
  currency: string;
  /** ISO-8601 instant at which the order was confirmed. */
  confirmedAt: string;
}

/** Inventory reserved the stock of one order line. */
export interface OrderLineReserved {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The reserved line's stock-keeping unit. */
  sku: string;
  /** Units reserved (the line's quantity). */
  quantity: number;
}

/** A customer placed an order; inventory now reserves each line and the order waits for the answers until its deadline. */
export interface OrderPlaced {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The customer who placed the order; payments charges this customer's account. */
  customerId: string;
  /** ISO 4217 code of every price and of the total. */
  currency: string;
  /** The ordered lines (1 to 100), one per SKU. */
  lines: OrderLine[];
  /** Sum of quantity times unit price over all lines, in minor units of the order's currency. */
  total: number;
  /** ISO-8601 instant at which the order was placed. */
  placedAt: string;
  /** ISO-8601 instant by which stock and payment must be secured; after it the order is rejected with reason TIMEOUT. */
  deadline: string;
}

/** One product of an order, with how many units and at what price. */
export interface OrderLine {
  /** The product's stock-keeping unit; unique within the order. */
  sku: string;
  /** Units ordered (always positive). */
  quantity: number;
  /** Price of one unit, in minor units of the order's currency. */
  unitPrice: number;
}

/** A payment was authorized after the order was rejected (a late answer): payments must refund it. */
export interface OrderRefundRequested {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The customer whose account is refunded. */
  customerId: string;
  /** The authorized amount to refund, in minor units of the order's currency. */
  amount: number;
}

/** The order failed (a line out of stock, the payment declined, or its deadline passed); what it already holds must be given back. */
export interface OrderRejected {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** Why, as CODE or CODE:detail: "OUT_OF_STOCK:<sku>" (or "<inventory reason>:<sku>") for a refused line, "PAYMENT_DECLINED:<payments reason>", "TIMEOUT" when the deadline passed, "RESERVATION_MISMATCH:<sku>" or "PAYMENT_MISMATCH" when an answer did not match what was asked. A string rather than an enum so reasons can be added; treat unknown values as a plain rejection. */
  reason: string;
  /** The lines reserved before the rejection: inventory releases each of them. */
  reservedLines: ReservedLine[];
  /** Whether a payment had been authorized; if so, an OrderRefundRequested follows with the amount to refund. */
  paymentAuthorized: boolean;
  /** ISO-8601 instant at which the order was rejected. */
  rejectedAt: string;
}

/** A reservation arrived after the order was rejected (a late answer): inventory must release it. */
export interface OrderStockReleaseRequested {
  /** The order's id (the aggregate id). */
  orderId: string;
  /** The stock-keeping unit of the late reservation. */
  sku: string;
  /** Units to release (always positive). */
  quantity: number;
}

/** Every orders event: its payload under `data`, tagged with its event type. */
export type OrdersEvent =
  | { type: 'OrderAwaitingPayment'; data: OrderAwaitingPayment }
  | { type: 'OrderCancelled'; data: OrderCancelled }
  | { type: 'OrderConfirmed'; data: OrderConfirmed }
  | { type: 'OrderLineReserved'; data: OrderLineReserved }
  | { type: 'OrderPlaced'; data: OrderPlaced }
  | { type: 'OrderRefundRequested'; data: OrderRefundRequested }
  | { type: 'OrderRejected'; data: OrderRejected }
  | { type: 'OrderStockReleaseRequested'; data: OrderStockReleaseRequested };

export type OrdersEventType = OrdersEvent['type'];

/** The Avro schema of each orders event type, as registered with the schema registry. */
export const ordersEventSchemas = {
  OrderAwaitingPayment: {
    type: 'record',
    name: 'OrderAwaitingPayment',
    namespace: 'dev.orderflow.orders',
    doc: 'Every line of the order is reserved; payments is asked to authorize the total.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer whose account pays.',
      },
      {
        name: 'total',
        type: 'long',
        doc: 'The amount to authorize, in minor units of the currency.',
      },
      {
        name: 'currency',
        type: 'string',
        doc: 'ISO 4217 code of the total.',
      },
    ],
  },
  OrderCancelled: {
    type: 'record',
    name: 'OrderCancelled',
    namespace: 'dev.orderflow.orders',
    doc: 'The customer cancelled a confirmed order: inventory releases every line and payments refunds the amount.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer whose account is refunded.',
      },
      {
        name: 'reason',
        type: ['null', 'string'],
        default: null,
        doc: "The customer's reason, when one was given.",
      },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'ReservedLine',
            doc: 'Units of one SKU that inventory holds for the order and must release.',
            fields: [
              {
                name: 'sku',
                type: 'string',
                doc: "The product's stock-keeping unit.",
              },
              {
                name: 'quantity',
                type: 'long',
                doc: 'Units held for the order (always positive).',
              },
            ],
          },
        },
        doc: 'Every line of the order: inventory releases each of them.',
      },
      {
        name: 'amount',
        type: 'long',
        doc: "The authorized amount to refund, in minor units of the order's currency.",
      },
      {
        name: 'currency',
        type: 'string',
        doc: "ISO 4217 code of the amount (the order's currency).",
      },
      {
        name: 'cancelledAt',
        type: 'string',
        doc: 'ISO-8601 instant at which the order was cancelled.',
      },
    ],
  },
  OrderConfirmed: {
    type: 'record',
    name: 'OrderConfirmed',
    namespace: 'dev.orderflow.orders',
    doc: 'Stock is reserved and the payment authorized: the order is confirmed.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'amount',
        type: 'long',
        doc: "The amount payments authorized (the order's total), in minor units of the order's currency.",
      },
      {
        name: 'currency',
        type: 'string',
        doc: "ISO 4217 code of the amount (the order's currency).",
      },
      {
        name: 'confirmedAt',
        type: 'string',
        doc: 'ISO-8601 instant at which the order was confirmed.',
      },
    ],
  },
  OrderLineReserved: {
    type: 'record',
    name: 'OrderLineReserved',
    namespace: 'dev.orderflow.orders',
    doc: 'Inventory reserved the stock of one order line.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'sku',
        type: 'string',
        doc: "The reserved line's stock-keeping unit.",
      },
      {
        name: 'quantity',
        type: 'long',
        doc: "Units reserved (the line's quantity).",
      },
    ],
  },
  OrderPlaced: {
    type: 'record',
    name: 'OrderPlaced',
    namespace: 'dev.orderflow.orders',
    doc: 'A customer placed an order; inventory now reserves each line and the order waits for the answers until its deadline.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'customerId',
        type: 'string',
        doc: "The customer who placed the order; payments charges this customer's account.",
      },
      {
        name: 'currency',
        type: 'string',
        doc: 'ISO 4217 code of every price and of the total.',
      },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'OrderLine',
            doc: 'One product of an order, with how many units and at what price.',
            fields: [
              {
                name: 'sku',
                type: 'string',
                doc: "The product's stock-keeping unit; unique within the order.",
              },
              {
                name: 'quantity',
                type: 'long',
                doc: 'Units ordered (always positive).',
              },
              {
                name: 'unitPrice',
                type: 'long',
                doc: "Price of one unit, in minor units of the order's currency.",
              },
            ],
          },
        },
        doc: 'The ordered lines (1 to 100), one per SKU.',
      },
      {
        name: 'total',
        type: 'long',
        doc: "Sum of quantity times unit price over all lines, in minor units of the order's currency.",
      },
      {
        name: 'placedAt',
        type: 'string',
        doc: 'ISO-8601 instant at which the order was placed.',
      },
      {
        name: 'deadline',
        type: 'string',
        doc: 'ISO-8601 instant by which stock and payment must be secured; after it the order is rejected with reason TIMEOUT.',
      },
    ],
  },
  OrderRefundRequested: {
    type: 'record',
    name: 'OrderRefundRequested',
    namespace: 'dev.orderflow.orders',
    doc: 'A payment was authorized after the order was rejected (a late answer): payments must refund it.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'customerId',
        type: 'string',
        doc: 'The customer whose account is refunded.',
      },
      {
        name: 'amount',
        type: 'long',
        doc: "The authorized amount to refund, in minor units of the order's currency.",
      },
    ],
  },
  OrderRejected: {
    type: 'record',
    name: 'OrderRejected',
    namespace: 'dev.orderflow.orders',
    doc: 'The order failed (a line out of stock, the payment declined, or its deadline passed); what it already holds must be given back.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'reason',
        type: 'string',
        doc: 'Why, as CODE or CODE:detail: "OUT_OF_STOCK:<sku>" (or "<inventory reason>:<sku>") for a refused line, "PAYMENT_DECLINED:<payments reason>", "TIMEOUT" when the deadline passed, "RESERVATION_MISMATCH:<sku>" or "PAYMENT_MISMATCH" when an answer did not match what was asked. A string rather than an enum so reasons can be added; treat unknown values as a plain rejection.',
      },
      {
        name: 'reservedLines',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'ReservedLine',
            doc: 'Units of one SKU that inventory holds for the order and must release.',
            fields: [
              {
                name: 'sku',
                type: 'string',
                doc: "The product's stock-keeping unit.",
              },
              {
                name: 'quantity',
                type: 'long',
                doc: 'Units held for the order (always positive).',
              },
            ],
          },
        },
        doc: 'The lines reserved before the rejection: inventory releases each of them.',
      },
      {
        name: 'paymentAuthorized',
        type: 'boolean',
        doc: 'Whether a payment had been authorized; if so, an OrderRefundRequested follows with the amount to refund.',
      },
      {
        name: 'rejectedAt',
        type: 'string',
        doc: 'ISO-8601 instant at which the order was rejected.',
      },
    ],
  },
  OrderStockReleaseRequested: {
    type: 'record',
    name: 'OrderStockReleaseRequested',
    namespace: 'dev.orderflow.orders',
    doc: 'A reservation arrived after the order was rejected (a late answer): inventory must release it.',
    fields: [
      {
        name: 'orderId',
        type: 'string',
        doc: "The order's id (the aggregate id).",
      },
      {
        name: 'sku',
        type: 'string',
        doc: 'The stock-keeping unit of the late reservation.',
      },
      {
        name: 'quantity',
        type: 'long',
        doc: 'Units to release (always positive).',
      },
    ],
  },
} as const;
