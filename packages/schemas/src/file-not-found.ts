/** A missing file or folder is often an expected state here (nothing released yet, no output). */
export const isFileNotFound = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'ENOENT';
