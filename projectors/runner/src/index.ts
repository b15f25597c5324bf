export * from './projector.ts';
export { sinkFor, modelForVersion, type TargetStores } from './sink-for.ts';
