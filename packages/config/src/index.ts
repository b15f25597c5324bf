export * from './endpoints.ts';
export * from './kafka-namespace.ts';
