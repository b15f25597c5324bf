import type { Endpoints } from '@orderflow/config';

export interface ServiceEndpoint {
  name: string;
  url: string;
}

const redactPassword = (connectionString: string) => {
  const url = new URL(connectionString);
  if (url.password) url.password = '***';
  return url.toString();
};

/** The one place a user learns where everything is. */
export const printEndpoints = (endpoints: Endpoints, services: readonly ServiceEndpoint[] = []) => {
  const origin = (variable: string) =>
    endpoints.overridden.has(variable as never) ? `(${variable}, external)` : `(${variable})`;
  const rows: [string, string, string][] = [
    ...services.map((service): [string, string, string] => [service.name, service.url, '']),
    ['Kafka', endpoints.kafkaBrokers.join(','), origin('KAFKA_BROKERS')],
    ['Schema registry', endpoints.schemaRegistryUrl, origin('SCHEMA_REGISTRY_URL')],
    ['PostgreSQL', redactPassword(endpoints.databaseUrl), origin('DATABASE_URL')],
    ['MongoDB (FerretDB)', endpoints.mongodbUrl, origin('MONGODB_URL')],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log('\nOrderflow is up:');
  for (const [name, url, note] of rows) console.log(`  ${name.padEnd(width)}  ${url}  ${note}`);
  console.log(
    '\nStop the infrastructure with `npm run infra -- down`; its state: `npm run infra -- status`.',
  );
};
