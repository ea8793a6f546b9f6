// The plan step of `set`: from the chosen target and the key to a Plan of changes (reads files, writes nothing).
import type { Context } from '../core/context';
import { emptyPlan, type Plan } from '../core/plan';
import { usageError } from '../platform/errors';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE } from '../key/variables';
import type { OsKind } from '../detect/os';
import { isCiChannel, type CiKind } from '../detect/ci';
import { laterFileWarnings, planSetInFile } from '../targets/shell/rc-file';
import { inlineKeyBody, type Store } from '../targets/shell/block-body';
import { resolveShellTargets, type ShellSelection, type ShellTarget } from '../targets/shell/locate';
import { noChannelError } from '../targets/ci/no-channel';
import { keyFilePath, loaderBody, planKeyFile } from '../targets/shell/key-file';
import { readFileState } from '../rcfile/file-state';
import { failure } from '../platform/errors';
import { currentStore, decideStore, repoOf } from './store';

import type { TargetOption } from './target';

export { TARGET_OPTIONS, type TargetOption } from './target';

/** A target after `auto` has been decided. */
export type ResolvedTarget = Exclude<TargetOption, 'auto'>;

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

export interface SetPlan {
  plan: Plan;
  /** The shell targets (the key file's change, when there is one, comes before theirs). */
  shellTargets: ShellTarget[];
  /** The store each shell target's file got, by path. */
  stores: Record<string, Store>;
}

/** An rc file in a git work tree, as the wizard's store question shows it. */
export interface FileInRepo {
  label: string;
  repoLabel: string;
}

export interface PlanSetExtras {
  /** The file of the dotenv target. */
  dotenvPath?: string | undefined;
  /** The $GITHUB_ENV heredoc delimiter (tests pin it; otherwise a fresh random one). */
  githubDelimiter?: string;
  /** --store: where the key goes for shell files (undefined: inline, unless the git guard or the block says otherwise). */
  store?: Store | undefined;
  /** The wizard's question, asked when --store was not given and a chosen rc file is in a git work tree. */
  chooseStore?: ((inRepo: readonly FileInRepo[], keyFileLabel: string) => Promise<Store>) | undefined;
}

async function fileExists(ctx: Context, file: string): Promise<boolean> {
  try {
    return (await ctx.sys.fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Plans saving `key` for the resolved target. */
export async function planSet(
  ctx: Context,
  target: ResolvedTarget,
  selection: ShellSelection,
  profile: string | undefined,
  key: string,
  extras: PlanSetExtras = {},
): Promise<SetPlan> {
  const plan = emptyPlan();
  let shellTargets: ShellTarget[] = [];
  const stores: Record<string, Store> = {};
  if (extras.store !== undefined && target !== 'shell') {
    throw usageError('TARGET_CONFLICT', `--store chooses how shell files hold the key; it does not go with --target ${target}.`);
  }
  if (target !== 'shell' && target !== 'windows' && (selection.kind !== 'login' || profile !== undefined)) {
    throw usageError('TARGET_CONFLICT', `--shell and --profile choose shell files; they do not go with --target ${target}.`);
  }
  switch (target) {
    // Each target other than shell files loads its own module (a plain run never needs them).
    case 'windows': {
      const { planRegistrySet, readUserVariable } = await import('../targets/windows');
      const current = await readUserVariable(ctx.sys);
      const change = planRegistrySet(current, key);
      if (current !== undefined && current !== key) plan.conflicts.push({ where: `the Windows user environment (${KEY_VARIABLE})`, existingMasked: maskKey(current) });
      plan.changes.push(change);
      break;
    }
    case 'github': {
      const { githubEnvFile, newGithubDelimiter, planGithubEnv } = await import('../targets/ci/github-actions');
      const envFile = githubEnvFile(ctx.sys.env);
      if (!(await fileExists(ctx, envFile))) {
        throw usageError('CI_FILE_MISSING', `GITHUB_ENV names ${envFile}, which is not a file; the runner creates it before each step.`, 'Run this inside a GitHub Actions step (not inside a container the step started).');
      }
      plan.changes.push(planGithubEnv(envFile, key, extras.githubDelimiter ?? newGithubDelimiter()));
      break;
    }
    case 'azure':
      plan.changes.push((await import('../targets/ci/azure-pipelines')).planAzureVariable(key));
      break;
    case 'circleci': {
      const { circleciBashEnvFile, planBashEnv } = await import('../targets/ci/circleci');
      const bashEnv = circleciBashEnvFile(ctx.sys.env);
      plan.changes.push(planBashEnv(bashEnv, key, await fileExists(ctx, bashEnv)));
      break;
    }
    case 'dotenv': {
      if (extras.dotenvPath === undefined || extras.dotenvPath === '') throw usageError('DOTENV_PATH_MISSING', '--target dotenv needs the file to write: --dotenv PATH.');
      const { dotenvTarget, planDotenv } = await import('../targets/shell/dotenv');
      const result = planDotenv(await dotenvTarget(ctx, extras.dotenvPath), key);
      plan.changes.push(result.change);
      plan.warnings.push(...result.warnings);
      if (result.conflict) plan.conflicts.push(result.conflict);
      break;
    }
    case 'shell': {
      shellTargets = await resolveShellTargets(ctx, selection, profile);
      if (shellTargets.length === 0) throw usageError('NO_SHELLS', 'No supported shell was found on this machine.', 'Name one with --shell, or a file with --profile.');
      const repos = await Promise.all(shellTargets.map((t) => repoOf(ctx.sys.fs, t.file)));
      const keyFile = await readFileState(ctx.sys.fs, keyFilePath(ctx.roots));
      const keyFileLabel = ctx.label(keyFile.path);
      const inRepo = shellTargets.flatMap((t, i) => (repos[i] !== undefined ? [{ label: t.label, repoLabel: ctx.label(repos[i]!) }] : []));
      const explicit = extras.store ?? (inRepo.length > 0 && extras.chooseStore ? await extras.chooseStore(inRepo, keyFileLabel) : undefined);
      const decisions = shellTargets.map((t, i) =>
        decideStore({
          explicit,
          repo: repos[i],
          existing: currentStore(t.file.content),
          label: t.label,
          repoLabel: repos[i] !== undefined ? ctx.label(repos[i]!) : undefined,
          keyFileLabel,
        }),
      );
      // The key file is written when a shell loads it, and kept current whenever it exists (a shell not
      // named this time may load it), so every place holds the same key.
      if (decisions.some((d) => d.store === 'separate') || keyFile.exists || keyFile.problem) {
        if (keyFile.problem) throw failure('FILE_UNUSABLE', `Cannot use ${keyFileLabel}: ${keyFile.problem}.`);
        const result = planKeyFile(keyFile, key, keyFileLabel);
        plan.changes.push(result.change);
        if (result.conflict) plan.conflicts.push(result.conflict);
        const keyRepo = await repoOf(ctx.sys.fs, keyFile);
        if (keyRepo !== undefined && decisions.some((d) => d.store === 'separate')) {
          plan.warnings.push({
            code: 'KEY_FILE_IN_GIT',
            message: `${keyFileLabel} is in the git repository ${ctx.label(keyRepo)} too: add it to that repository's .gitignore so that it is never committed.`,
            path: keyFile.path,
          });
        }
      }
      for (const [i, t] of shellTargets.entries()) {
        const decision = decisions[i]!;
        if (decision.warning) plan.warnings.push({ ...decision.warning, path: t.file.path });
        stores[t.file.path] = decision.store;
        const body = decision.store === 'separate' ? loaderBody(t.dialect, keyFile.path, ctx.home) : inlineKeyBody(t.dialect, key);
        const result = planSetInFile(t, key, body);
        plan.changes.push(result.change);
        plan.warnings.push(...result.warnings);
        if (result.conflict) plan.conflicts.push(result.conflict);
        for (const later of t.readLater) plan.warnings.push(...laterFileWarnings(ctx.label(later.path), later));
      }
      if (ctx.loginShell.source === 'assumed' && selection.kind === 'login' && profile === undefined) {
        plan.warnings.push({ code: 'SHELL_ASSUMED', message: `SHELL is not set, so ${ctx.loginShell.shell} was assumed. Use --shell to choose (for example --shell all).` });
      }
      break;
    }
  }
  // Windows has no Unix permission bits: Node reports every file as mode 666 there, so a
  // "readable by others" warning would be false (and `chmod 600` means nothing to Windows).
  if (ctx.os === 'windows') plan.warnings = plan.warnings.filter((w) => w.code !== 'FILE_READABLE_BY_OTHERS');
  return { plan, shellTargets, stores };
}
