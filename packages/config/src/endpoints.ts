import { z } from 'zod';

/**
 * Where Orderflow finds its infrastructure. Each URL defaults to the embedded server that
 * `npm run infra -- up` starts on loopback; setting the variable points Orderflow at an existing
 * cluster instead, and the infra command then installs and starts nothing for it.
 */
export const defaultEndpoints = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://orderflow:orderflow@127.0.0.1:55432/orderflow',
  MONGODB_URL: 'mongodb://127.0.0.1:57017/orderflow',
} as const;

export type EndpointVariable = keyof typeof defaultEndpoints;

const brokerList = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()))
  .refine((brokers) => brokers.every((broker) => /^[^:\s]+:\d{1,5}$/.test(broker)), {
    message: 'expected a comma-separated list of host:port',
  });

const urlWithProtocol = (protocols: readonly string[]) =>
  z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
    message: `expected a URL with protocol ${protocols.join(' or ')}`,
  });

const endpointsSchema = z.object({
  KAFKA_BROKERS: brokerList,
  SCHEMA_REGISTRY_URL: urlWithProtocol(['http:', 'https:']),
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']),
  MONGODB_URL: urlWithProtocol(['mongodb:', 'mongodb+srv:']),
});

export interface Endpoints {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
  mongodbUrl: string;
  /** Variables the user set: those servers are theirs, never installed or started by us. */
  overridden: ReadonlySet<EndpointVariable>;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

export const loadEndpoints = (env: NodeJS.ProcessEnv = process.env): Endpoints => {
  const present = (name: EndpointVariable) => {
    const value = env[name];
    return value !== undefined && value.trim() !== '' ? value : undefined;
  };
  const parsed = endpointsSchema.safeParse({
    KAFKA_BROKERS: present('KAFKA_BROKERS') ?? defaultEndpoints.KAFKA_BROKERS,
    SCHEMA_REGISTRY_URL: present('SCHEMA_REGISTRY_URL') ?? defaultEndpoints.SCHEMA_REGISTRY_URL,
    DATABASE_URL: present('DATABASE_URL') ?? defaultEndpoints.DATABASE_URL,
    MONGODB_URL: present('MONGODB_URL') ?? defaultEndpoints.MONGODB_URL,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigurationError(`invalid configuration: ${problems.join('; ')}`);
  }
  const overridden = new Set(
    (Object.keys(defaultEndpoints) as EndpointVariable[]).filter((name) => present(name)),
  );
  return {
    kafkaBrokers: parsed.data.KAFKA_BROKERS,
    schemaRegistryUrl: parsed.data.SCHEMA_REGISTRY_URL.replace(/\/+$/, ''),
    databaseUrl: parsed.data.DATABASE_URL,
    mongodbUrl: parsed.data.MONGODB_URL,
    overridden,
  };
};
