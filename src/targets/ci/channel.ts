// The one way a line holding the key reaches standard output: a CI logging command meant for the runner.
import type { System } from '../../platform/system';
import { failure } from '../../platform/errors';
import { isKeyCarryingCommand } from './commands';

/**
 * Writes one key-carrying logging command (add-mask, secret setvariable) past the output redactor.
 * Anything else is refused, so this channel cannot become a way around the redactor.
 */
export function writeKeyCarryingCommand(sys: Pick<System, 'ciChannel' | 'stdout'>, line: string): void {
  if (!isKeyCarryingCommand(line)) throw failure('INTERNAL', 'Refused to write a line that is not a CI masking or secret-variable command.');
  // Without main() (runSet called through the programmatic API) there is no redactor, and stdout is the channel.
  (sys.ciChannel ?? sys.stdout).write(line + '\n');
}

/** A ciChannel over a raw output stream that accepts only key-carrying commands (the session builds it). */
export function ciChannelOver(raw: { write(text: string): void }): { write(line: string): void } {
  return {
    write(text: string): void {
      const line = text.endsWith('\n') ? text.slice(0, -1) : text;
      if (!isKeyCarryingCommand(line)) throw failure('INTERNAL', 'Refused to write a line that is not a CI masking or secret-variable command.');
      raw.write(line + '\n');
    },
  };
}
