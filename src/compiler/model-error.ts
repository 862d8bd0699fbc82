/** A user error in a model: reported as `path:line: message`, collected, never thrown across models. */
export interface ModelError {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

export function formatModelError(e: ModelError): string {
  return `${e.path}:${e.line}: ${e.message}`;
}

/** Thrown by library callers that need a manifest and got errors instead. */
export class ModelCompileError extends Error {
  constructor(readonly errors: readonly ModelError[]) {
    super(`${errors.length} model error(s):\n${errors.map(formatModelError).join('\n')}`);
    this.name = 'ModelCompileError';
  }
}
