/** Errors a user of `vigil eval` can fix: a missing file, an unknown detector, options that clash. */
export class EvalSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvalSetupError';
  }
}
