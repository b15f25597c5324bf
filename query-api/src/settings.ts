import { z } from 'zod';

const settingsSchema = z.object({
  QUERY_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  QUERY_CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
});

export interface QuerySettings {
  readonly port: number;
  readonly consistencyTimeoutMs: number;
}

/** The query API's own settings; store URLs come from @orderflow/config. */
export const querySettings = (env: NodeJS.ProcessEnv = process.env): QuerySettings => {
  const present = (name: string) => (env[name]?.trim() ? env[name] : undefined);
  const parsed = settingsSchema.safeParse({
    QUERY_HTTP_PORT: present('QUERY_HTTP_PORT'),
    QUERY_CONSISTENCY_TIMEOUT_MS: present('QUERY_CONSISTENCY_TIMEOUT_MS'),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid query API settings: ${problems.join('; ')}`);
  }
  return {
    port: parsed.data.QUERY_HTTP_PORT,
    consistencyTimeoutMs: parsed.data.QUERY_CONSISTENCY_TIMEOUT_MS,
  };
};

/** The database named by the URL's path, as the projectors use it. */
export const mongoDatabaseName = (mongodbUrl: string): string =>
  decodeURIComponent(new URL(mongodbUrl).pathname.replace(/^\//, '')) || 'orderflow';
