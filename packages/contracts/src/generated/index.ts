// Generated from schemas/avro by `npm run schemas -- codegen`. Do not edit.

export * from './inventory.ts';
export * from './orders.ts';
export * from './payments.ts';
