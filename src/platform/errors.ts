/** Exit codes of the CLI, as documented in docs/usage.md and the product contract. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  rejected: 3,
  unverified: 4,
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type the tool raises on purpose. Its message is written by this project
 * (never copied from a child process or a library), so it cannot carry the key.
 */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { exitCode: ExitCodeValue; hint?: string }) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

export const usageError = (code: string, message: string, hint?: string): CliError =>
  new CliError(code, message, { exitCode: ExitCode.usage, ...(hint === undefined ? {} : { hint }) });

export const failure = (code: string, message: string, hint?: string): CliError =>
  new CliError(code, message, { exitCode: ExitCode.failed, ...(hint === undefined ? {} : { hint }) });

/** Raised when the user cancels a prompt (Ctrl+C, Esc); maps to exit 130 with nothing changed. */
export const cancelled = (message = 'Cancelled. Nothing was changed.'): CliError => new CliError('CANCELLED', message, { exitCode: ExitCode.cancelled });

/** The errno code of a Node system error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
