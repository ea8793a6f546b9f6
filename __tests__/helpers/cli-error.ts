// What a failed call of the tool's core threw or rejected with: a CliError (its code, message and hint are
// what the user reads), never a raw Node error.
import { CliError } from '../../src/platform/errors';

export async function failureOf(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

/** The same for a synchronous call; fails the test when `call` returns instead of throwing. */
export function thrownBy(call: () => unknown): CliError {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

/** What the user reads of a CliError, and the exit code, as one value to compare. */
export const userView = (e: CliError): { code: string; exitCode: number; message: string; hint: string | undefined } => ({ code: e.code, exitCode: e.exitCode, message: e.message, hint: e.hint });
