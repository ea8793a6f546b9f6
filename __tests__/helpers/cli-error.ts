// What a rejected call of the tool's core failed with: a CliError (its code, message and hint are what the
// user reads), never a raw Node error.
import { CliError } from '../../src/platform/errors';

export async function failureOf(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}
