// What IonQ's answer about a key means for the person running the tool: one message, hint and exit code
// for each way a check can fail, and one wording of an accepted key's identity. set, verify, status, the
// wizard and the GitHub Action all say it this way.
import { CliError, ExitCode } from '../platform/errors';
import { apiBase, type KeyIdentity, type VerifyOutcome } from './ionq-api';

export type FailedOutcome = Exclude<VerifyOutcome, { kind: 'valid' }>;

/** Where IonQ's keys are made; the key is shown there only once. */
export const KEYS_PAGE = 'https://cloud.ionq.com/settings/keys';

/**
 * Why the check is made: before `saving` the key (set, the Action: a failure means nothing was saved,
 * and --no-verify is the way around an unreachable API), or only `checking` it (verify, status --verify).
 */
export type CheckPurpose = 'saving' | 'checking';

/** The error for a key IonQ refused (exit 3) or could not be asked about (exit 4). `masked` is the key's mask. */
export function verificationFailure(outcome: FailedOutcome, masked: string, env: Readonly<Record<string, string | undefined>>, purpose: CheckPurpose): CliError {
  const after = purpose === 'saving' ? ' Nothing was saved.' : '';
  switch (outcome.kind) {
    case 'invalid':
      return new CliError('KEY_REJECTED', `IonQ rejected the key ${masked}: it is not valid, or it was revoked (HTTP 401).${after}`, {
        exitCode: ExitCode.rejected,
        hint: `Create a new key in IonQ Quantum Cloud (${KEYS_PAGE}), copy it whole, and save it with: npx ionq-env-setup`,
      });
    case 'forbidden':
      return new CliError('KEY_FORBIDDEN', `IonQ recognised the key ${masked}, but it is not permitted to use the API (HTTP 403).${after}`, {
        exitCode: ExitCode.rejected,
        hint: `Check the key's project and permissions in IonQ Quantum Cloud (${KEYS_PAGE}).`,
      });
    case 'unavailable':
      return new CliError('VERIFY_UNAVAILABLE', `Could not verify the key ${masked}: ${outcome.reason}.${after}`, {
        exitCode: ExitCode.unverified,
        hint: `Check your network connection and that ${apiBase(env)} can be reached (IONQ_API_URL changes it), then try again${purpose === 'saving' ? ', or save the key without checking it: --no-verify' : ''}.`,
      });
  }
}

/** "key 'laptop' (project proj-42)", or what IonQ did not say. */
export function describeIdentity(identity: KeyIdentity): string {
  const project = identity.projectName ?? identity.projectId;
  if (!identity.keyName && !project) return 'IonQ did not say which key or project';
  return [identity.keyName ? `key '${identity.keyName}'` : 'the key', project ? `(project ${project})` : ''].filter(Boolean).join(' ');
}

/** The identity an accepted key's outcome carries. */
export function identityOf(outcome: Extract<VerifyOutcome, { kind: 'valid' }>): KeyIdentity {
  const { kind: _kind, ...identity } = outcome;
  return identity;
}
