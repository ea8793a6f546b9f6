// The complete request `set` plans from: the key (already checked with IonQ when that was asked for),
// where it goes, and what the person allowed. Flags fill it here; on a terminal the wizard fills it
// (wizard/set-wizard.ts). Planning (plans/set.ts) starts only once it is complete, and never asks.
import type { Context } from '../core/context';
import type { Interaction } from '../core/interaction';
import { usageError } from '../platform/errors';
import { isCiChannel, type CiKind } from '../detect/ci';
import type { OsKind } from '../detect/os';
import { maskKey } from '../key/mask';
import { apiBase, verifyKey, type KeyIdentity } from '../key/ionq-api';
import { identityOf, verificationFailure } from '../key/verification';
import { noChannelError } from '../targets/ci/no-channel';
import { parseShellOption, type ShellSelection } from '../targets/shell/locate';
import type { Store } from '../targets/shell/block-body';
import { keychainPlatform } from '../targets/keychain';
import { keyWithoutPrompt, type KeySourceOptions, type ObtainedKey } from './key-source';

export type TargetOption = 'auto' | 'shell' | 'windows' | 'github' | 'azure' | 'circleci' | 'dotenv';
export const TARGET_OPTIONS: readonly TargetOption[] = ['auto', 'shell', 'windows', 'github', 'azure', 'circleci', 'dotenv'];

/** A target after `auto` has been decided. */
export type ResolvedTarget = Exclude<TargetOption, 'auto'>;

/** The options of `set`, as the command line gives them. */
export interface SetOptions extends KeySourceOptions {
  shell?: string[] | undefined;
  profile?: string | undefined;
  target?: TargetOption | undefined;
  /** --dotenv PATH: write the key in dotenv form there (the dotenv target). */
  dotenv?: string | undefined;
  verify?: boolean | undefined;
  force?: boolean | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
  /** --store: where the key itself is kept for shell files. */
  store?: Store | undefined;
  /** --remove-hand-written: delete IONQ_API_KEY lines the user wrote in the shells' startup files. */
  removeHandWritten?: boolean | undefined;
}

export interface SetRequest {
  key: ObtainedKey;
  /** What IonQ said: the key's identity; false: it could not be asked and the person saved anyway; undefined: not checked. */
  verified: KeyIdentity | false | undefined;
  target: ResolvedTarget;
  shells: ShellSelection;
  profile: string | undefined;
  /** The store asked for (flag or answer); undefined leaves it to the git guard and each file's block. */
  store: Store | undefined;
  dotenv: string | undefined;
  /** Delete the IONQ_API_KEY lines the user wrote in the files the chosen shells read. */
  removeHandWritten: boolean;
  /** Replace a different key that is already set without asking again. */
  force: boolean;
}

export interface TargetContext {
  os: OsKind;
  ci?: CiKind | undefined;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Where the key goes. `--dotenv PATH` means the dotenv target. `auto`: the CI's channel when a CI with one
 * is detected; in a CI without one (GitLab, Jenkins, …) exit 2 with the choices, since a silent success
 * would leave later steps without the key; else setx on Windows, else shell files.
 */
export function resolveTarget(option: TargetOption | undefined, ctx: TargetContext, dotenvPath?: string): ResolvedTarget {
  const chosen = option ?? 'auto';
  if (dotenvPath !== undefined) {
    if (chosen !== 'auto' && chosen !== 'dotenv') throw usageError('TARGET_CONFLICT', `--dotenv writes a dotenv file; it does not go with --target ${chosen}.`);
    return 'dotenv';
  }
  if (chosen === 'dotenv') throw usageError('DOTENV_PATH_MISSING', '--target dotenv needs the file to write: --dotenv PATH.');
  if (chosen !== 'auto') return chosen;
  if (ctx.ci !== undefined) {
    if (isCiChannel(ctx.ci)) return ctx.ci;
    throw noChannelError(ctx.ci, ctx.env ?? {});
  }
  return ctx.os === 'windows' ? 'windows' : 'shell';
}

/** The target, with every flag that does not go with it refused before anything is asked or read (exit 2). */
export function checkedTarget(ctx: Context, options: SetOptions): { target: ResolvedTarget; shells: ShellSelection } {
  const shells = parseShellOption(options.shell);
  const target = resolveTarget(options.target, { os: ctx.os, ci: ctx.ci, env: ctx.sys.env }, options.dotenv);
  if (target === 'windows' && ctx.os !== 'windows') throw usageError('NOT_WINDOWS', '--target windows works only on Windows (it writes the user environment with setx).');
  // On Windows programs read the registry, not Credential Manager: a keychain store would reach nothing.
  if (options.store === 'keychain' && ctx.os === 'windows') keychainPlatform(ctx.sys.platform);
  if (options.store !== undefined && target !== 'shell') {
    throw usageError('TARGET_CONFLICT', `--store chooses how shell files hold the key; it does not go with --target ${target}.`);
  }
  if (target !== 'shell' && target !== 'windows' && (shells.kind !== 'login' || options.profile !== undefined)) {
    throw usageError('TARGET_CONFLICT', `--shell and --profile choose shell files; they do not go with --target ${target}.`);
  }
  return { target, shells };
}

/** Asks IonQ about a key about to be saved: its identity, or the error (exit 3 or 4) that stops the run. */
async function checkBeforeSaving(ctx: Context, key: string, io: Interaction): Promise<KeyIdentity> {
  io.info(`Checking the key with IonQ (${apiBase(ctx.sys.env)})…\n`);
  const outcome = await verifyKey(ctx.sys, key);
  if (outcome.kind !== 'valid') throw verificationFailure(outcome, maskKey(key), ctx.sys.env, 'saving');
  return identityOf(outcome);
}

/**
 * The request from flags alone (no terminal, --json, or CI). A CI bootstrap step exists to fail early on
 * a bad key, so there verification is on unless --no-verify; elsewhere only with --verify. `onKey` runs
 * as soon as the key is known (GitHub's mask must precede anything else printed).
 */
export async function requestFromFlags(ctx: Context, options: SetOptions, io: Interaction, onKey: (key: string) => void): Promise<SetRequest> {
  const { target, shells } = checkedTarget(ctx, options);
  const key = await keyWithoutPrompt(ctx.sys, options, ctx.ci !== undefined);
  onKey(key.key);
  const verify = options.verify ?? isCiChannel(target);
  return {
    key,
    verified: verify ? await checkBeforeSaving(ctx, key.key, io) : undefined,
    target,
    shells,
    profile: options.profile,
    store: options.store,
    dotenv: options.dotenv,
    removeHandWritten: Boolean(options.removeHandWritten),
    force: Boolean(options.force),
  };
}
