/** Stable codes of the refusals only the caller cares about; the HTTP edge maps them to statuses. */
export const InventoryErrorCode = {
  productAlreadyRegistered: 'PRODUCT_ALREADY_REGISTERED',
  productNotFound: 'PRODUCT_NOT_FOUND',
  releaseExceedsReservation: 'RELEASE_EXCEEDS_RESERVATION',
  stockLimitExceeded: 'STOCK_LIMIT_EXCEEDED',
} as const;

/** Why a reservation was refused, as carried by StockReservationRejected.reason. */
export const ReservationRejectionReason = {
  insufficientStock: 'INSUFFICIENT_STOCK',
  unknownSku: 'UNKNOWN_SKU',
} as const;
