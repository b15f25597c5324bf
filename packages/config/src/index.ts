export * from './endpoints.ts';
export * from './kafka-namespace.ts';
export * from './integer-setting.ts';
export * from './package-version.ts';
