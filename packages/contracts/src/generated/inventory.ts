// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.

/** A product (SKU) was registered in the inventory, with its opening stock. */
export interface ProductRegistered {
  /** The product's stock-keeping unit; the Stock aggregate's id. */
  sku: string;
  /** The product's display name. */
  name: string;
  /** Units on hand at registration (0 when none were given). */
  initialStock: number;
}

/** Units an order had reserved were given back to the available stock (compensation or cancellation). */
export interface StockReleased {
  /** The product's stock-keeping unit. */
  sku: string;
  /** The order whose reservation was released. */
  orderId: string;
  /** Units released (always positive, never more than the order held). */
  quantity: number;
  /** Units available to reserve after the release. */
  availableAfter: number;
}

/** A reservation for one order line could not be made; nothing was reserved and the order must react. */
export interface StockReservationRejected {
  /** The product's stock-keeping unit. */
  sku: string;
  /** The order whose line was refused. */
  orderId: string;
  /** Units the order asked for. */
  quantity: number;
  /** Units available to reserve when the request was refused (0 for an unknown SKU). */
  available: number;
  /** Why it was refused: "INSUFFICIENT_STOCK" or "UNKNOWN_SKU". A string rather than an enum so new reasons can be added without breaking existing readers; treat unknown values as a refusal. */
  reason: string;
}

/** Units of a product were set aside for one order line. */
export interface StockReserved {
  /** The product's stock-keeping unit. */
  sku: string;
  /** The order holding the reservation. */
  orderId: string;
  /** Units reserved (always positive). */
  quantity: number;
  /** Units still available to reserve (on hand minus reserved) after this reservation. */
  availableAfter: number;
}

/** Units were added to a product's stock on hand. */
export interface StockRestocked {
  /** The product's stock-keeping unit. */
  sku: string;
  /** Units added (always positive). */
  quantity: number;
  /** Units on hand after the restock, reserved ones included. */
  totalAfter: number;
}

/** Every inventory event: its payload under `data`, tagged with its event type. */
export type InventoryEvent =
  | { type: 'ProductRegistered'; data: ProductRegistered }
  | { type: 'StockReleased'; data: StockReleased }
  | { type: 'StockReservationRejected'; data: StockReservationRejected }
  | { type: 'StockReserved'; data: StockReserved }
  | { type: 'StockRestocked'; data: StockRestocked };

export type InventoryEventType = InventoryEvent['type'];

/** The Avro schema of each inventory event type, as registered with the schema registry. */
export const inventoryEventSchemas = {
  ProductRegistered: {
    type: 'record',
    name: 'ProductRegistered',
    namespace: 'dev.orderflow.inventory',
    doc: 'A product (SKU) was registered in the inventory, with its opening stock.',
    fields: [
      {
        name: 'sku',
        type: 'string',
        doc: "The product's stock-keeping unit; the Stock aggregate's id.",
      },
      {
        name: 'name',
        type: 'string',
        doc: "The product's display name.",
      },
      {
        name: 'initialStock',
        type: 'long',
        doc: 'Units on hand at registration (0 when none were given).',
      },
    ],
  },
  StockReleased: {
    type: 'record',
    name: 'StockReleased',
    namespace: 'dev.orderflow.inventory',
    doc: 'Units an order had reserved were given back to the available stock (compensation or cancellation).',
    fields: [
      {
        name: 'sku',
        type: 'string',
        doc: "The product's stock-keeping unit.",
      },
      {
        name: 'orderId',
        type: 'string',
        doc: 'The order whose reservation was released.',
      },
      {
        name: 'quantity',
        type: 'long',
        doc: 'Units released (always positive, never more than the order held).',
      },
      {
        name: 'availableAfter',
        type: 'long',
        doc: 'Units available to reserve after the release.',
      },
    ],
  },
  StockReservationRejected: {
    type: 'record',
    name: 'StockReservationRejected',
    namespace: 'dev.orderflow.inventory',
    doc: 'A reservation for one order line could not be made; nothing was reserved and the order must react.',
    fields: [
      {
        name: 'sku',
        type: 'string',
        doc: "The product's stock-keeping unit.",
      },
      {
        name: 'orderId',
        type: 'string',
        doc: 'The order whose line was refused.',
      },
      {
        name: 'quantity',
        type: 'long',
        doc: 'Units the order asked for.',
      },
      {
        name: 'available',
        type: 'long',
        doc: 'Units available to reserve when the request was refused (0 for an unknown SKU).',
      },
      {
        name: 'reason',
        type: 'string',
        doc: 'Why it was refused: "INSUFFICIENT_STOCK" or "UNKNOWN_SKU". A string rather than an enum so new reasons can be added without breaking existing readers; treat unknown values as a refusal.',
      },
    ],
  },
  StockReserved: {
    type: 'record',
    name: 'StockReserved',
    namespace: 'dev.orderflow.inventory',
    doc: 'Units of a product were set aside for one order line.',
    fields: [
      {
        name: 'sku',
        type: 'string',
        doc: "The product's stock-keeping unit.",
      },
      {
        name: 'orderId',
        type: 'string',
        doc: 'The order holding the reservation.',
      },
      {
        name: 'quantity',
        type: 'long',
        doc: 'Units reserved (always positive).',
      },
      {
        name: 'availableAfter',
        type: 'long',
        doc: 'Units still available to reserve (on hand minus reserved) after this reservation.',
      },
    ],
  },
  StockRestocked: {
    type: 'record',
    name: 'StockRestocked',
    namespace: 'dev.orderflow.inventory',
    doc: "Units were added to a product's stock on hand.",
    fields: [
      {
        name: 'sku',
        type: 'string',
        doc: "The product's stock-keeping unit.",
      },
      {
        name: 'quantity',
        type: 'long',
        doc: 'Units added (always positive).',
      },
      {
        name: 'totalAfter',
        type: 'long',
        doc: 'Units on hand after the restock, reserved ones included.',
      },
    ],
  },
} as const;
