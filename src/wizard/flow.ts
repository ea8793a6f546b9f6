// The guided setup's own steps: what the person reads and is asked, between the steps `set` runs for
// scripts too (commands/set.ts calls these only on a terminal). Each question answers something a flag
// could have said; a flag that was given skips its question.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import type { Colors } from '../platform/color';
import type { FileChange, Plan } from '../core/plan';
import type { ShellSelection } from '../targets/shell/locate';
import type { ShellName } from '../detect/shell';
import type { Survey } from './survey';
import type { Choice } from '../core/interaction';
import { keyProblem } from '../key/validate';
import { holdsSecret } from '../targets/shell/rc-file';
import { KEY_VARIABLE } from '../key/variables';
import { verifyKey, type VerifyOutcome } from '../key/ionq-api';
import { cancelled, errnoCode, failure } from '../platform/errors';
import { canAnimate, withSpinner } from './spinner';
import type { FileInRepo } from '../plans/set';
import type { Store } from '../targets/shell/block-body';

export const KEYS_PAGE = 'https://cloud.ionq.com/settings/keys';

/** What will happen, and where a key comes from (pure). */
export function introText(c: Colors, askingForKey: boolean): string {
  const lines = [
    c.bold('ionq-env-setup') + ' — save your IonQ API key as ' + c.bold(KEY_VARIABLE),
    '',
    'Every new terminal, and every IonQ SDK (qiskit-ionq, cirq-ionq, PennyLane-IonQ, ionq-core), will find it there.',
    'Nothing changes until you say yes at the end. Ctrl+C or Esc stops at any point.',
  ];
  if (askingForKey) {
    lines.push(
      '',
      `No key yet? Create one in IonQ Quantum Cloud → API Keys (${KEYS_PAGE}).`,
      'Copy it right away: the key is shown only once there.',
    );
  }
  return lines.join('\n') + '\n\n';
}

export const KEY_PROMPT = 'Paste your IonQ API key (input is hidden):';

/** Asks for the key until it is one a shell can hold; a refused paste is explained and asked again. */
export async function askForKey(io: Interaction): Promise<string> {
  for (;;) {
    const raw = await io.asker().secret(KEY_PROMPT);
    const problem = keyProblem(raw.trim());
    if (problem === undefined) return raw;
    const why: Record<string, string> = {
      empty: 'Nothing was pasted.',
      whitespace: 'That has a space or line break inside it; IonQ keys never do. Copy only the key.',
      control: 'That has a control character in it; copy only the key.',
      'too-long': 'That is far longer than an IonQ key; copy only the key.',
      'not-unicode': 'That is not valid text; copy the key again.',
    };
    io.info(`${io.colors.yellow('!')} ${why[problem] ?? 'That is not a usable key.'}\n`);
  }
}

/**
 * Asks IonQ about the key with a spinner on a terminal that can draw one. Ctrl+C here (no prompt is
 * active, so it arrives as SIGINT) cancels the request and the run: exit 130, nothing changed.
 */
export async function checkKeyWithIonq(sys: System, key: string, io: Interaction): Promise<VerifyOutcome> {
  const controller = new AbortController();
  let stopListening = (): void => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    stopListening = sys.onInterrupt(() => {
      controller.abort();
      reject(cancelled());
    });
  });
  const work = verifyKey(sys, key, undefined, controller.signal);
  try {
    const animate = io.interactive && canAnimate(sys.stderr, sys.env);
    return await Promise.race([withSpinner(sys.stderr, 'Checking the key with IonQ…', work, { animate, platform: sys.platform }), interrupted]);
  } finally {
    stopListening();
  }
}

/** The shells to configure: a checkbox of the shells found here, the login shell (and any holding a key) ticked. */
export async function chooseShells(survey: Survey, io: Interaction): Promise<ShellSelection> {
  if (survey.shells.length <= 1) return { kind: 'login' };
  const holdingKey = new Set(survey.keys.filter((k) => k.managed && k.shell).map((k) => k.shell));
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

export interface PrivateFile {
  path: string;
  label: string;
  mode: number;
}

/** Files that will hold the key but can be read by group or others (each one is offered a chmod). */
export function looselyReadable(plan: Plan, label: (file: string) => string): PrivateFile[] {
  return plan.changes
    .filter((c): c is FileChange => c.kind === 'file')
    .filter((c) => c.file.exists && c.after !== null && c.file.mode !== undefined && (c.file.mode & 0o077) !== 0)
    // The key file is made private by the plan itself; an rc file that only loads it holds no secret.
    .filter((c) => c.target !== 'key-file' && holdsSecret(c.after!))
    .map((c) => ({ path: c.file.realPath, label: label(c.file.path), mode: c.file.mode! }));
}

const privateMode = (mode: number): number => mode & 0o7700;

/** Offers `chmod 600` for each loosely readable file (default yes: the file is about to hold a secret). */
export async function offerPrivate(files: readonly PrivateFile[], io: Interaction): Promise<PrivateFile[]> {
  const accepted: PrivateFile[] = [];
  for (const f of files) {
    const now = (f.mode & 0o777).toString(8);
    const next = (privateMode(f.mode) & 0o777).toString(8);
    const yes = await io.asker().confirm(`${f.label} can be read by other users of this machine (mode ${now}). Make it private (chmod ${next} ${f.label})?`, true);
    if (yes) accepted.push(f);
  }
  return accepted;
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

export const STORE_PROMPT = 'Where should the key itself be kept?';

/**
 * Asked when a chosen rc file lies in a git work tree (a dotfiles repository): explains the risk and
 * offers the key file, pre-selected. A flag (--store) or --yes skips the question.
 */
export async function askStore(inRepo: readonly FileInRepo[], keyFileLabel: string, io: Interaction): Promise<Store> {
  const files = inRepo.map((f) => `${f.label} (in ${f.repoLabel})`).join(', ');
  io.info(
    [
      '',
      `${io.colors.yellow('!')} ${files} ${inRepo.length === 1 ? 'is' : 'are'} in a git repository. A key written there is one commit and push away from being public.`,
      `  The key can live in its own file instead, ${keyFileLabel} (readable only by you, outside the repository),`,
      '  and the shell file then only loads it: it holds no secret and stays safe to commit.',
      '',
    ].join('\n'),
  );
  return io.asker().select<Store>(
    STORE_PROMPT,
    [
      { value: 'separate', name: `In its own file, ${keyFileLabel}; the shell file only loads it (recommended)` },
      { value: 'inline', name: 'In the shell file itself (the repository would hold the key)' },
    ],
    'separate',
  );
}
