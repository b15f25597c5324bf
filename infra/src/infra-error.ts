/** A failure the operator can act on: what happened, and what to do about it. */
export class InfraError extends Error {
  override readonly name = 'InfraError';

  constructor(
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const describeError = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : String(error);
