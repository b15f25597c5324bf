import { loadEndpoints } from '@orderflow/config';
import { InfraError } from './infra-error.ts';
import { up } from './stack.ts';

/**
 * Vitest global setup for the integration and end-to-end tiers: the real servers must answer
 * before the first test. `up` is idempotent, so with everything running this is one probe each.
 */
export default async function setup() {
  try {
    await up(loadEndpoints());
  } catch (error) {
    if (error instanceof InfraError)
      throw new Error(`${error.message}\n  what to do: ${error.hint}`, { cause: error });
    throw error;
  }
}
