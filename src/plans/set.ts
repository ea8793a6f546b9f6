// The plan step of `set`: from a complete request to a Plan of changes. Reads files, writes nothing,
// asks nothing: every decision a person could make is already in the request.
import type { Context } from '../core/context';
import { emptyPlan, type Plan } from '../core/plan';
import { failure, usageError } from '../platform/errors';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE } from '../key/variables';
import { readFileState } from '../rcfile/file-state';
import { maskedValue } from '../rcfile/assignments';
import { handWrittenKeyLines, planHandWrittenLines, planSetInFile } from '../targets/shell/rc-file';
import { inlineKeyBody, type Store } from '../targets/shell/block-body';
import { resolveShellTargets, type ShellSelection, type ShellTarget } from '../targets/shell/locate';
import { keyFilePath, keyFileWord, loaderBody, loaderLines, planDeleteKeyFile, planKeyFile } from '../targets/shell/key-file';
import { scanKeyPlaces, type KeyScan } from '../inventory/scan';
import { currentStore, decideStore, repoOf } from './store';
import { keychainPlatform, planKeychainDelete, planKeychainSet, probeKeychain, readKeychain } from '../targets/keychain';
import { keychainBody, KEYCHAIN_SERVICE } from '../targets/shell/keychain';
import { planRegistrySet, readUserVariable } from '../targets/windows';
import { githubEnvFile, newGithubDelimiter, planGithubEnv } from '../targets/ci/github-actions';
import { planAzureVariable } from '../targets/ci/azure-pipelines';
import { circleciBashEnvFile, planBashEnv } from '../targets/ci/circleci';
import { dotenvTarget, planDotenv } from '../targets/shell/dotenv';
import type { SetRequest } from './set-request';

export interface SetPlan {
  plan: Plan;
  /** The shell targets (the key file's change, when there is one, comes before theirs). */
  shellTargets: ShellTarget[];
  /** The store each shell target's file got, by path. */
  stores: Record<string, Store>;
}

export interface PlanSetExtras {
  /** The $GITHUB_ENV heredoc delimiter (tests pin it; otherwise a fresh random one). */
  githubDelimiter?: string;
}

async function isFile(ctx: Context, file: string): Promise<boolean> {
  return ctx.sys.fs.stat(file).then(
    (st) => st.isFile(),
    () => false,
  );
}

/** Plans saving the request's key for its target. */
export async function planSet(ctx: Context, request: SetRequest, extras: PlanSetExtras = {}): Promise<SetPlan> {
  const plan = emptyPlan();
  const key = request.key.key;
  let shellTargets: ShellTarget[] = [];
  const stores: Record<string, Store> = {};
  switch (request.target) {
    case 'windows': {
      const current = await readUserVariable(ctx.sys);
      if (current !== undefined && current !== key) plan.conflicts.push({ where: `the Windows user environment (${KEY_VARIABLE})`, existingMasked: maskKey(current) });
      plan.changes.push(planRegistrySet(current, key));
      break;
    }
    case 'github': {
      const envFile = githubEnvFile(ctx.sys.env);
      if (!(await isFile(ctx, envFile))) {
        throw usageError('CI_FILE_MISSING', `GITHUB_ENV names ${envFile}, which is not a file; the runner creates it before each step.`, 'Run this inside a GitHub Actions step (not inside a container the step started).');
      }
      plan.changes.push(planGithubEnv(envFile, key, extras.githubDelimiter ?? newGithubDelimiter()));
      break;
    }
    case 'azure':
      plan.changes.push(planAzureVariable(key));
      break;
    case 'circleci': {
      const bashEnv = circleciBashEnvFile(ctx.sys.env);
      plan.changes.push(planBashEnv(bashEnv, key, await isFile(ctx, bashEnv)));
      break;
    }
    case 'dotenv': {
      if (request.dotenv === undefined || request.dotenv === '') throw usageError('DOTENV_PATH_MISSING', '--target dotenv needs the file to write: --dotenv PATH.');
      const result = planDotenv(await dotenvTarget(ctx, request.dotenv), key);
      plan.changes.push(result.change);
      plan.warnings.push(...result.warnings);
      if (result.conflict) plan.conflicts.push(result.conflict);
      break;
    }
    case 'shell':
      shellTargets = await planShellFiles(ctx, request, plan, stores);
      break;
  }
  // Windows has no Unix permission bits: Node reports every file as mode 666 there, so a
  // "readable by others" warning would be false (and `chmod 600` means nothing to Windows).
  if (ctx.os === 'windows') plan.warnings = plan.warnings.filter((w) => w.code !== 'FILE_READABLE_BY_OTHERS');
  return { plan, shellTargets, stores };
}

/** The shell files of the request: each file's block, the key file when a shell loads it, the user's own key lines. */
async function planShellFiles(ctx: Context, request: SetRequest, plan: Plan, stores: Record<string, Store>): Promise<ShellTarget[]> {
  const key = request.key.key;
  const shellTargets = await resolveShellTargets(ctx, request.shells, request.profile);
  if (shellTargets.length === 0) throw usageError('NO_SHELLS', 'No supported shell was found on this machine.', 'Name one with --shell, or a file with --profile.');
  const repos = await Promise.all(shellTargets.map((t) => repoOf(ctx.sys.fs, t.file)));
  const keyFile = await readFileState(ctx.sys.fs, keyFilePath(ctx.roots));
  const keyFileLabel = ctx.label(keyFile.path);
  const decisions = shellTargets.map((t, i) =>
    decideStore({
      explicit: request.store,
      repo: repos[i],
      existing: currentStore(t.file.content),
      label: t.label,
      repoLabel: repos[i] !== undefined ? ctx.label(repos[i]) : undefined,
      keyFileLabel,
    }),
  );
  const chosen = new Set(decisions.map((d) => d.store));
  const before = new Set(shellTargets.map((t) => currentStore(t.file.content)));
  // Blocks in files not chosen this time that load the key from the key file or the keychain: those stores
  // must keep holding the key. Looked for only when a store may have lost its last reader.
  const elsewhere = new Set<Store>();
  let scanned: KeyScan | undefined;
  if ((keyFile.exists && !chosen.has('separate')) || (before.has('keychain') && !chosen.has('keychain'))) {
    const chosenPaths = new Set(shellTargets.map((t) => t.file.path));
    scanned = await scanKeyPlaces(ctx, { windows: false });
    for (const f of scanned.files) if (f.store && !chosenPaths.has(f.state.path)) elsewhere.add(f.store);
  }
  // The key file is written while a shell loads it, so every place holds the same key; one that no shell
  // loads any more is a stray copy of the key in plain text, and goes.
  if (chosen.has('separate') || elsewhere.has('separate') || keyFile.problem) {
    if (keyFile.problem) throw failure('FILE_UNUSABLE', `Cannot use ${keyFileLabel}: ${keyFile.problem}.`);
    const result = planKeyFile(keyFile, key, keyFileLabel);
    plan.changes.push(result.change);
    if (result.conflict) plan.conflicts.push(result.conflict);
    const keyRepo = await repoOf(ctx.sys.fs, keyFile);
    if (keyRepo !== undefined && chosen.has('separate')) {
      plan.warnings.push({
        code: 'KEY_FILE_IN_GIT',
        message: `${keyFileLabel} is in the git repository ${ctx.label(keyRepo)} too: add it to that repository's .gitignore so that it is never committed.`,
        path: keyFile.path,
      });
    }
  } else if (keyFile.exists) {
    plan.changes.push(planDeleteKeyFile(keyFile));
    plan.warnings.push({ code: 'KEY_FILE_DELETED', level: 'note', message: `${keyFileLabel} goes: no shell loads the key from it any more, and it would keep a copy of the key in plain text.`, path: keyFile.path });
  }
  // The keychain item likewise: written while a shell reads it (which may show the keychain's unlock
  // dialog: the person asked for this store), deleted once none does.
  const platform = chosen.has('keychain') || elsewhere.has('keychain') || before.has('keychain') ? keychainPlatform(ctx.sys.platform) : undefined;
  if (platform !== undefined && (chosen.has('keychain') || elsewhere.has('keychain'))) {
    const probe = await probeKeychain(ctx.sys, platform);
    if (!probe.usable) {
      throw failure('KEYCHAIN_UNAVAILABLE', `No keychain can be used here: ${probe.reason}`, 'Unlock or start the keychain (a desktop session on Linux: GNOME Keyring or KeePassXC with its Secret Service), or keep the key with --store separate.');
    }
    const current = await readKeychain(ctx.sys, platform);
    if (current.kind === 'unreadable') throw failure('KEYCHAIN_UNAVAILABLE', `The keychain item could not be read: ${current.reason}.`, 'Unlock the keychain, or keep the key with --store separate.');
    const existing = current.kind === 'key' ? current.key : undefined;
    plan.changes.push(planKeychainSet(platform, existing, key));
    if (existing !== undefined && existing !== key) plan.conflicts.push({ where: `the keychain (${KEYCHAIN_SERVICE})`, existingMasked: maskKey(existing) });
  } else if (platform !== undefined) {
    // The scan above has read the item if a block it found loads it (the chosen files' own do): no second ask.
    const current = scanned?.keychain ?? (await readKeychain(ctx.sys, platform));
    if (current.kind === 'key') plan.changes.push(planKeychainDelete(platform, current.key));
    else if (current.kind === 'unreadable') plan.warnings.push({ code: 'KEYCHAIN_UNREADABLE', message: `No shell reads the key from the keychain any more, but its item could not be read (${current.reason}) to delete it: run npx ionq-env-setup remove once it is unlocked.` });
  }
  const others: { file: ShellTarget['otherFiles'][number]; target: ShellTarget }[] = [];
  for (const [i, t] of shellTargets.entries()) {
    const decision = decisions[i]!;
    if (decision.warning) plan.warnings.push({ ...decision.warning, path: t.file.path });
    stores[t.file.path] = decision.store;
    if (managedElsewhere(t)) {
      // A link into a read-only store (Nix home-manager): the file is generated from the user's dotfile
      // manager, so the key file is written and the manager is told the line that loads it.
      const load = loaderLines(t.dialect, keyFileWord(t.dialect, keyFile.path, ctx.home)).join('\n    ');
      if (decision.store !== 'separate') {
        throw failure(
          'MANAGED_ELSEWHERE',
          `${t.label} is managed elsewhere: it links to ${t.file.realPath}, which cannot be written (a dotfile manager such as Nix home-manager generates it).`,
          `Keep the key in ${keyFileLabel} instead: npx ionq-env-setup --store separate --shell ${t.shell}. It writes only that file and shows the line for your dotfile manager to add to ${t.label}:\n    ${load}`,
        );
      }
      plan.warnings.push({
        code: 'MANAGED_ELSEWHERE',
        message: `${t.label} is managed elsewhere (a link to ${t.file.realPath}, which cannot be written), so it was left as it is. The key is in ${keyFileLabel}; add this to ${t.label} through your dotfile manager (for example home-manager's initExtra), and new ${t.shell} terminals will load it:\n    ${load}`,
        path: t.file.path,
      });
      continue;
    }
    const body =
      decision.store === 'separate' ? loaderBody(t.dialect, keyFile.path, ctx.home) : decision.store === 'keychain' ? keychainBody(t.dialect, platform!) : inlineKeyBody(t.dialect, key);
    const result = planSetInFile(t, key, body, request.removeHandWritten);
    plan.changes.push(result.change);
    plan.warnings.push(...result.warnings);
    if (result.conflict) plan.conflicts.push(result.conflict);
    for (const other of t.otherFiles) if (!others.some((o) => o.file.file.path === other.file.path)) others.push({ file: other, target: t });
  }
  // The other files the chosen shells read: the user's own key lines there are deleted or reported.
  for (const { file: other, target } of others) {
    if (shellTargets.some((t) => t.file.path === other.file.path)) continue;
    const result = planHandWrittenLines({ target: 'shell', shell: target.shell, dialect: target.dialect, file: other.file, label: ctx.label(other.file.path) }, request.removeHandWritten, other.afterBlock);
    if (result.change && result.change.status !== 'unchanged') plan.changes.push(result.change);
    plan.warnings.push(...result.warnings);
  }
  if (ctx.loginShell.source === 'assumed' && request.shells.kind === 'login' && request.profile === undefined) {
    plan.warnings.push({ code: 'SHELL_ASSUMED', message: `SHELL is not set, so ${ctx.loginShell.shell} was assumed. Use --shell to choose (for example --shell all).` });
  }
  return shellTargets;
}

/** A startup file that is a link the user cannot write through: generated by a dotfile manager. */
export const managedElsewhere = (t: ShellTarget): boolean => t.file.exists && t.file.isSymlink && !t.file.writable;

/** A line the user wrote that holds a key, as the wizard offers to delete it. */
export interface HandWrittenLine {
  path: string;
  label: string;
  line: number;
  masked: string;
}

/** The user's own IONQ_API_KEY lines in every file the chosen shells read (what --remove-hand-written deletes). */
export async function handWrittenLinesFor(ctx: Context, shells: ShellSelection, profile: string | undefined): Promise<HandWrittenLine[]> {
  const targets = await resolveShellTargets(ctx, shells, profile);
  const out: HandWrittenLine[] = [];
  const files = targets.flatMap((t) => [{ file: t.file, dialect: t.dialect }, ...t.otherFiles.map((o) => ({ file: o.file, dialect: t.dialect }))]);
  for (const { file, dialect } of files) {
    if (file.content === null || out.some((l) => l.path === file.path)) continue;
    for (const a of handWrittenKeyLines(file.content, dialect)) out.push({ path: file.path, label: ctx.label(file.path), line: a.line, masked: maskedValue(dialect, a.rawValue) });
  }
  return out;
}

/** The chosen shells' files that a dotfile manager generates (links the user cannot write through), by label. */
export async function filesManagedElsewhere(ctx: Context, shells: ShellSelection, profile: string | undefined): Promise<string[]> {
  return (await resolveShellTargets(ctx, shells, profile)).filter(managedElsewhere).map((t) => t.label);
}

/** A chosen rc file as the wizard's store question sees it: the store its block uses, its git work tree. */
export interface ChosenFile {
  label: string;
  /** undefined: the file has no block yet. */
  store: Store | undefined;
  /** The git work tree it lies in (after following links), as shown. */
  repoLabel: string | undefined;
}

/** The chosen shells' files, each with its block's store and its git work tree. */
export async function chosenFiles(ctx: Context, shells: ShellSelection, profile: string | undefined): Promise<ChosenFile[]> {
  const out: ChosenFile[] = [];
  for (const t of await resolveShellTargets(ctx, shells, profile)) {
    const repo = await repoOf(ctx.sys.fs, t.file);
    out.push({ label: t.label, store: currentStore(t.file.content), repoLabel: repo === undefined ? undefined : ctx.label(repo) });
  }
  return out;
}
