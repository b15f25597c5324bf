import type { Registry } from 'prom-client';
import { processRegistry } from './process-registry.ts';

/** The Prometheus text exposition of the process registry. */
export const scrapeMetrics = async (registry: Registry = processRegistry) => ({
  contentType: registry.contentType,
  body: await registry.metrics(),
});
