/** Errors the CLI reports as a message and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The operation would produce a wrong view or destroy what is in use: nothing was done. */
export class RefusedError extends CliError {
  override readonly name = 'RefusedError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** Another live run holds the projection's rebuild lock. */
export class LockHeldError extends CliError {
  override readonly name = 'LockHeldError';
  constructor(message: string) {
    super(message, 4);
  }
}

/** The target differs from a fresh fold. */
export class VerifyFailedError extends CliError {
  override readonly name = 'VerifyFailedError';
  constructor(message: string) {
    super(message, 1);
  }
}

/** Ctrl-C: the run stopped cleanly and resumes from its checkpoint when started again. */
export class InterruptedError extends CliError {
  override readonly name = 'InterruptedError';
  constructor(message: string) {
    super(message, 130);
  }
}
