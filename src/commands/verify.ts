// `ionq-env-setup verify`: detect (which key) → check it with IonQ's whoami → report. Writes nothing.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import { obtainKey, type KeySourceOptions, type ObtainedKey } from '../plans/key-source';
import { validateKey } from '../key/validate';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE } from '../key/variables';
import { apiBase, verifyKey, type VerifyOutcome } from '../key/ionq-api';
import { CliError, ExitCode, usageError } from '../platform/errors';
import type { CommandReport, VerifiedInfo } from '../core/report';

export type VerifyOptions = KeySourceOptions;

/**
 * The key to check: --key-stdin, --from-env or --key when given; else this terminal's IONQ_API_KEY;
 * else, on a terminal, a hidden prompt. Never waits for input nobody can give.
 */
export async function keyToVerify(sys: System, options: VerifyOptions, io: Interaction): Promise<ObtainedKey> {
  const explicit = options.keyStdin || options.fromEnv !== undefined || options.key !== undefined;
  const current = sys.env[KEY_VARIABLE];
  if (!explicit && current !== undefined && current.trim() !== '') {
    return { key: validateKey(current, `$${KEY_VARIABLE}`), source: `$${KEY_VARIABLE}`, warnings: [] };
  }
  if (!explicit && !io.interactive) {
    throw usageError(
      'NO_KEY',
      `No key to verify: ${KEY_VARIABLE} is not set in this environment, and no key was given.`,
      'Pipe one in with --key-stdin (ionq-env-setup verify --key-stdin < key.txt), or name a variable with --from-env NAME.',
    );
  }
  return obtainKey(sys, options, io.interactive ? () => io.asker().secret('Paste the IonQ API key to check (typing is hidden):') : undefined, false);
}

/** The error for each way IonQ can refuse or fail to answer; `after` ends the message ("Nothing was saved."). */
export function verifyFailure(outcome: Exclude<VerifyOutcome, { kind: 'valid' }>, masked: string, after = ''): CliError {
  const tail = after ? ` ${after}` : '';
  switch (outcome.kind) {
    case 'invalid':
      return new CliError('KEY_REJECTED', `IonQ rejected the key ${masked}: it is not valid, or it was revoked (HTTP 401).${tail}`, {
        exitCode: ExitCode.rejected,
        hint: 'Create a new key in IonQ Quantum Cloud → API Keys, copy it whole, and save it with: npx ionq-env-setup',
      });
    case 'forbidden':
      return new CliError('KEY_FORBIDDEN', `IonQ recognised the key ${masked}, but it is not permitted to use the API (HTTP 403).${tail}`, {
        exitCode: ExitCode.rejected,
        hint: 'Check the key\'s project and permissions in IonQ Quantum Cloud.',
      });
    case 'unavailable':
      return new CliError('VERIFY_UNAVAILABLE', `Could not verify the key ${masked}: ${outcome.reason}.${tail}`, {
        exitCode: ExitCode.unverified,
        hint: 'Check your network connection (and IONQ_API_URL, if you set it), then try again.',
      });
  }
}

/** Asks IonQ about `key`: the identity it reports, or the CliError (exit 3 or 4) for any other answer. */
export async function checkWithIonq(sys: System, key: string, io: Interaction): Promise<VerifiedInfo> {
  io.info(`Checking the key with IonQ (${apiBase(sys.env)})…\n`);
  const outcome = await verifyKey(sys, key);
  if (outcome.kind !== 'valid') throw verifyFailure(outcome, maskKey(key));
  const { kind: _kind, ...info } = outcome;
  return info;
}

export async function runVerify(sys: System, options: VerifyOptions, io: Interaction): Promise<CommandReport> {
  const obtained = await keyToVerify(sys, options, io);
  const verified = await checkWithIonq(sys, obtained.key, io);
  return {
    ok: true,
    command: 'verify',
    key: { masked: maskKey(obtained.key), source: obtained.source, verified },
    targets: [],
    warnings: obtained.warnings,
    next: [],
    data: { valid: true },
  };
}
