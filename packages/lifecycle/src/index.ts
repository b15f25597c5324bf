export {
  defaultShutdownTimeoutMs,
  readinessGraceMs,
  shutdownOnSignals,
  shutdownTimeoutMs,
  type ShutdownOptions,
  type SignalSource,
} from './shutdown.ts';
export { HttpDrain } from './http-drain.ts';
