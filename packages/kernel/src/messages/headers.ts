import type { IHeaders } from 'kafkajs';

/**
 * Metadata travels in Kafka headers, never in the payload. Names follow the CloudEvents Kafka
 * binding (binary mode: `ce_` attributes, `content-type`), so other teams' tooling recognises
 * them; Orderflow's own attributes are CloudEvents extensions. `traceparent` is the W3C header
 * that OpenTelemetry's Kafka instrumentations read.
 */
export const header = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  aggregateVersion: 'ce_aggregateversion',
  commandId: 'ce_commandid',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  expectedVersion: 'ce_expectedversion',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  issuedBy: 'ce_issuedby',
  fingerprint: 'orderflow_fingerprint',
  parkedReason: 'orderflow_parked_reason',
  parkedFrom: 'orderflow_parked_from',
} as const;

export type HeaderValues = Partial<Record<(typeof header)[keyof typeof header], string | null>>;

export const toKafkaHeaders = (values: HeaderValues): IHeaders => {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== null) headers[name] = value;
  }
  return headers;
};

export const readHeader = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined ? undefined : single.toString();
};
