// `ionq-env-setup verify`: detect (which key) → check it with IonQ's whoami → report. Writes nothing.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import { keyFromFlags, keyFromText, type KeySourceOptions, type ObtainedKey } from '../plans/key-source';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE } from '../key/variables';
import { apiBase, verifyKey } from '../key/ionq-api';
import { identityOf, verificationFailure } from '../key/verification';
import { cancelled, CliError, usageError } from '../platform/errors';
import type { CommandReport } from '../core/report';

export type VerifyOptions = KeySourceOptions;

/**
 * The key to check: --key-stdin, --from-env or --key when given; else this terminal's IONQ_API_KEY;
 * else, on a terminal, a hidden prompt. Never waits for input nobody can give.
 */
async function keyToVerify(sys: System, options: VerifyOptions, io: Interaction): Promise<ObtainedKey> {
  const flagged = await keyFromFlags(sys, options);
  if (flagged) return flagged;
  const current = sys.env[KEY_VARIABLE];
  if (current !== undefined && current.trim() !== '') return keyFromText(current, `$${KEY_VARIABLE}`);
  if (!io.interactive) {
    throw usageError(
      'NO_KEY',
      `No key to verify: ${KEY_VARIABLE} is not set in this environment, and no key was given.`,
      'Pipe one in with --key-stdin (ionq-env-setup verify --key-stdin < key.txt), or name a variable with --from-env NAME.',
    );
  }
  // verify changes nothing, so a cancel says only that.
  const pasted = await io
    .asker()
    .secret('Paste the IonQ API key to check (input is hidden):')
    .catch((error: unknown) => {
      throw error instanceof CliError && error.code === 'CANCELLED' ? cancelled('Cancelled.') : error;
    });
  return keyFromText(pasted, 'the prompt');
}

export async function runVerify(sys: System, options: VerifyOptions, io: Interaction): Promise<CommandReport> {
  const obtained = await keyToVerify(sys, options, io);
  const masked = maskKey(obtained.key);
  io.info(`Checking the key ${masked} with IonQ (${apiBase(sys.env)})…\n`);
  const outcome = await verifyKey(sys, obtained.key);
  if (outcome.kind !== 'valid') throw verificationFailure(outcome, masked, sys.env, 'checking');
  return {
    ok: true,
    command: 'verify',
    key: { masked, source: obtained.source, verified: identityOf(outcome) },
    targets: [],
    warnings: obtained.warnings,
    next: [],
    data: { valid: true },
  };
}
