// The guided setup of `set`: the interactive way to fill a complete request (the key, the shells, where
// the key is kept, the user's own key lines) and to confirm the plan made from it. Each question answers
// something a flag could have said; a flag that was given skips its question. It never plans or writes.
import type { System } from '../platform/system';
import type { Context } from '../core/context';
import type { Choice, Interaction } from '../core/interaction';
import type { FileChange, Plan } from '../core/plan';
import { errnoCode, failure } from '../platform/errors';
import { KEY_VARIABLE } from '../key/variables';
import type { ShellName } from '../detect/shell';
import { holdsSecret } from '../targets/shell/rc-file';
import type { ShellSelection } from '../targets/shell/locate';
import type { Store } from '../targets/shell/block-body';
import { checkedTarget, type SetOptions, type SetRequest } from '../plans/set-request';
import { chosenFiles, filesManagedElsewhere, handWrittenLinesFor, type ChosenFile, type HandWrittenLine } from '../plans/set';
import { diffOf } from '../plans/changes';
import { renderWarnings } from '../render/human';
import { keyFlagGiven } from '../plans/key-source';
import { KEYS_PAGE } from '../key/verification';
import { maskKey } from '../key/mask';
import { keychainPlatform, probeKeychain } from '../targets/keychain';
import { KEYCHAIN_ITEM } from '../targets/shell/keychain';
import { keyFilePath } from '../targets/shell/key-file';
import { chooseKey } from './key-step';
import { renderSurvey, surveyMachine, type Survey } from './survey';
import { say } from './text';

/** What will happen, and where a key comes from (pure). */
export function introText(c: Interaction['colors'], askingForKey: boolean, haveKeys: boolean): string {
  const lines = [
    c.bold('ionq-env-setup') + ' — save your IonQ API key as ' + c.bold(KEY_VARIABLE),
    '',
    'Every new terminal, and every IonQ SDK (qiskit-ionq, cirq-ionq, PennyLane-IonQ, ionq-core), will find it there.',
    'Nothing changes until you say yes at the end. Ctrl+C or Esc stops at any point.',
  ];
  if (askingForKey && !haveKeys) {
    lines.push('', 'No key yet? Create one in IonQ Quantum Cloud → API Keys, and copy it right away: the key is shown only once there.', `  ${KEYS_PAGE}`);
  }
  return lines.join('\n') + '\n\n';
}

/** The shells to configure: a checkbox of the shells found here, the login shell (and any holding a key) ticked. */
async function chooseShells(survey: Survey, io: Interaction): Promise<ShellSelection> {
  if (survey.shells.length <= 1 && survey.shells.every((t) => t.alsoFor.length === 0)) return { kind: 'login' };
  const holdingKey = new Set(survey.keys.filter((k) => (k.kind === 'block' || k.kind === 'key-file' || k.kind === 'keychain') && k.shell).map((k) => k.shell));
  const choices: Choice<ShellName>[] = survey.shells.flatMap((t) =>
    [t.shell, ...t.alsoFor].map((shell) => ({
      value: shell,
      name: `${shell.padEnd(5)} ${t.label}${shell === survey.loginShell ? '  (your shell)' : ''}`,
      checked: shell === survey.loginShell || holdingKey.has(t.shell),
    })),
  );
  const picked = await io.asker().checkbox('Which shells should have the key?', choices);
  return { kind: 'named', shells: picked };
}

export const STORE_PROMPT = 'Where should the key itself be kept?';

/**
 * Where the key itself is kept: asked on a first setup where a keychain works here (tried, not assumed), or
 * when a chosen rc file holding the key would lie in a git work tree (a dotfiles repository). One keypress
 * keeps the first choice: the keychain where it works, else the key file. A file whose block already keeps
 * the key somewhere keeps it there (no question on every rotation).
 */
async function askStore(inRepo: readonly ChosenFile[], keychain: string | undefined, keyFileLabel: string, io: Interaction): Promise<Store> {
  const lines = [''];
  if (inRepo.length > 0) {
    const files = inRepo.map((f) => `${f.label} (in ${f.repoLabel})`).join(', ');
    lines.push(`${io.colors.yellow('!')} ${files} ${inRepo.length === 1 ? 'is' : 'are'} in a git repository. A key written there is one commit and push away from being public.`);
  }
  if (keychain) lines.push(`The key can stay in ${keychain}, which keeps it encrypted; each new shell then reads it from there, and no file holds it.`);
  lines.push(`It can also live in its own file, ${keyFileLabel} (readable only by you), which the shell file loads: then the shell file holds no secret and stays safe to commit.`, '');
  say(io, lines.join('\n') + '\n');
  const choices: Choice<Store>[] = [
    ...(keychain ? [{ value: 'keychain' as const, name: 'In the OS keychain; shells read it at start (recommended)' }] : []),
    { value: 'separate', name: `In its own file, ${keyFileLabel}${keychain ? '' : ' (recommended)'}` },
    { value: 'inline', name: inRepo.length > 0 ? 'In the shell file (the repository would hold it)' : 'In the shell file itself' },
  ];
  return io.asker().select<Store>(STORE_PROMPT, choices, choices[0]!.value);
}

/** The keychain's name when one works here (a probe that reads no secret), else undefined. */
async function workingKeychain(ctx: Context): Promise<string | undefined> {
  if (ctx.os === 'windows') return undefined;
  const platform = keychainPlatform(ctx.sys.platform);
  const probe = await probeKeychain(ctx.sys, platform);
  return probe.usable ? (platform === 'darwin' ? 'your macOS login keychain' : 'your keyring (the Secret Service: GNOME Keyring, KeePassXC)') : undefined;
}

/** Offers to delete the lines the user wrote that set IONQ_API_KEY (default yes: they hold a key in plain text). */
async function askRemoveHandWritten(lines: readonly HandWrittenLine[], io: Interaction): Promise<boolean> {
  const list = lines.map((l) => `  ${l.label}:${l.line}  ${KEY_VARIABLE} ${l.masked}`).join('\n');
  say(io, `\n${io.colors.yellow('!')} ${lines.length === 1 ? 'A line you wrote sets' : 'Lines you wrote set'} ${KEY_VARIABLE} too, with the key in plain text:\n`);
  io.info(list + '\n');
  say(io, '  After this run the tool\'s block sets the key; a line left there keeps an old copy of it (or, read later, wins over the block).\n');
  return io.asker().confirm(lines.length === 1 ? 'Delete this line (shown in the plan before anything changes)?' : 'Delete these lines (shown in the plan before anything changes)?', true);
}

/** The request, asked for where the flags did not say; `onKey` runs as soon as the key is known. */
export async function askSetRequest(ctx: Context, options: SetOptions, io: Interaction, onKey: (key: string) => void): Promise<SetRequest> {
  const { target, shells: flagShells } = checkedTarget(ctx, options);
  const survey = await surveyMachine(ctx, target);
  const asking = !keyFlagGiven(options);
  say(io, introText(io.colors, asking, survey.keys.some((k) => k.value !== undefined)) + renderSurvey(survey, io.colors) + '\n');

  const chosen = await chooseKey(ctx, asking ? survey.keys : [], options, io, onKey);
  const request: SetRequest = {
    key: chosen.key,
    verified: chosen.verified,
    target,
    shells: flagShells,
    profile: options.profile,
    store: options.store,
    dotenv: options.dotenv,
    removeHandWritten: Boolean(options.removeHandWritten),
    force: Boolean(options.force) || chosen.chosen,
  };
  if (target !== 'shell' || options.yes) return request;
  if ((options.shell?.length ?? 0) === 0 && options.profile === undefined) request.shells = await chooseShells(survey, io);
  const managed = options.store === undefined ? await filesManagedElsewhere(ctx, request.shells, request.profile) : [];
  if (managed.length > 0) {
    // Such a file cannot hold a block; the key file is the one way that works (the plan shows the line to add).
    say(io, `\n${io.colors.yellow('!')} ${managed.join(', ')} ${managed.length === 1 ? 'is' : 'are'} generated by a dotfile manager and cannot be written here, so the key goes to ${ctx.label(keyFilePath(ctx.roots))} and you add one line to your dotfile manager's configuration.\n`);
    request.store = 'separate';
  } else if (options.store === undefined) {
    const files = await chosenFiles(ctx, request.shells, request.profile);
    const inRepo = files.filter((f) => f.repoLabel !== undefined && (f.store === undefined || f.store === 'inline'));
    const firstSetup = files.every((f) => f.store === undefined);
    const keychain = firstSetup ? await workingKeychain(ctx) : undefined;
    if (inRepo.length > 0 || keychain) request.store = await askStore(inRepo, keychain, ctx.label(keyFilePath(ctx.roots)), io);
  }
  if (!options.removeHandWritten) {
    const lines = await handWrittenLinesFor(ctx, request.shells, request.profile);
    if (lines.length > 0) request.removeHandWritten = await askRemoveHandWritten(lines, io);
  }
  return request;
}

export interface PrivateFile {
  path: string;
  label: string;
  mode: number;
}

/** Files that will hold the key but can be read by group or others (each one is offered a chmod). */
function looselyReadable(plan: Plan, label: (file: string) => string): PrivateFile[] {
  return plan.changes
    .filter((c): c is FileChange => c.kind === 'file')
    .filter((c) => c.file.exists && c.after !== null && c.file.mode !== undefined && (c.file.mode & 0o077) !== 0)
    // The key file is made private by the plan itself; an rc file that only loads the key holds no secret.
    .filter((c) => c.target !== 'key-file' && holdsSecret(c.after!, c.dialect ?? 'posix'))
    .map((c) => ({ path: c.file.realPath, label: label(c.file.path), mode: c.file.mode! }));
}

const privateMode = (mode: number): number => mode & 0o7700;

/**
 * The confirm step: the plan (masked diffs, warnings), a `chmod 600` offer for each file others can read,
 * then "Make these changes?". A different key already set is asked about only when the person did not
 * choose the key knowing it (a key given by flag). Returns the files to make private, or what the person
 * said no to.
 */
export async function confirmSetPlan(ctx: Context, request: SetRequest, plan: Plan, io: Interaction): Promise<{ privateFiles: PrivateFile[] } | 'declined' | 'kept'> {
  if (plan.conflicts.length > 0 && !request.force) {
    const list = plan.conflicts.map((c) => `${c.where} (${c.existingMasked})`).join(', ');
    const masked = maskKey(request.key.key);
    if (!(await io.asker().confirm(`A different key is already set in ${list}. Replace it with ${masked}?`, false))) return 'kept';
  }
  const changing = plan.changes.some((c) => c.status !== 'unchanged');
  if (changing) io.info('\n' + io.colors.bold('The plan') + '\n');
  for (const change of plan.changes) {
    if (change.status === 'unchanged') continue;
    if (change.kind === 'file') io.info(diffOf(change, ctx.label(change.file.path)) + '\n');
    if (change.kind === 'registry') io.info(`setx ${KEY_VARIABLE} ${maskKey(request.key.key)}   (the Windows user environment)\n`);
    if (change.kind === 'keychain') io.info(`${change.desired === undefined ? 'delete' : 'store'} the key ${maskKey(request.key.key)} in the OS keychain (item ${KEYCHAIN_ITEM})\n`);
  }
  if (changing) io.info('\n');
  const readable = looselyReadable(plan, ctx.label);
  const shown = plan.warnings.filter((w) => w.code !== 'FILE_READABLE_BY_OTHERS');
  say(io, renderWarnings(shown, io.colors));
  const privateFiles: PrivateFile[] = [];
  for (const f of readable) {
    const now = (f.mode & 0o777).toString(8);
    const next = (privateMode(f.mode) & 0o777).toString(8);
    if (await io.asker().confirm(`${f.label} can be read by other users of this machine (mode ${now}). Make it private (chmod ${next} ${f.label})?`, true)) privateFiles.push(f);
  }
  if (changing && !(await io.asker().confirm('Make these changes?', true))) return 'declined';
  io.info('\n');
  return { privateFiles };
}

/** Applies the accepted chmods, after the key was saved. */
export async function makePrivate(sys: System, files: readonly PrivateFile[]): Promise<void> {
  for (const f of files) {
    try {
      const current = (await sys.fs.stat(f.path)).mode & 0o7777;
      await sys.fs.chmod(f.path, privateMode(current));
    } catch (error) {
      throw failure('CHMOD_FAILED', `The key was saved, but ${f.label} could not be made private (${errnoCode(error) ?? 'error'}).`, `Run: chmod 600 ${f.label}`);
    }
  }
}
