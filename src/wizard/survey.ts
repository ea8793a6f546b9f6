// The wizard's "what was detected" step: which shells are here, and where a key is already set (this
// terminal's environment, the rc files of those shells, the Windows user environment) — every value
// masked the moment it is read, so nothing later can print it by mistake.
import type { Context } from '../core/context';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE, SHADOWING_VARIABLES } from '../key/variables';
import { scanBlock } from '../rcfile/block';
import { findAssignments } from '../rcfile/assignments';
import { installedShells, resolveShellTargets, type ShellTarget } from '../targets/shell/locate';
import { keyInBlock, looseUnquote } from '../targets/shell/block-body';
import { readUserVariable } from '../targets/windows';
import type { ResolvedTarget } from '../plans/set';
import type { ShellName } from '../detect/shell';
import { osLabel } from '../detect/os';
import { CI_LABEL } from '../detect/ci';
import type { Colors } from '../platform/color';
import { keyFilePath, keyInKeyFile } from '../targets/shell/key-file';
import { storeOfBlock } from '../targets/shell/block-body';
import { readFileState } from '../rcfile/file-state';

export interface FoundKey {
  /** Where it is: "this terminal", "~/.zshrc:12", "the Windows user environment". */
  where: string;
  masked: string;
  /** Written by this tool (inside its block), so a new key replaces it. */
  managed: boolean;
  /** The shell whose file holds it (for pre-selecting that shell). */
  shell?: ShellName;
}

export interface Shadowing {
  name: string;
  sdk: string;
  readFirst: boolean;
  masked: string;
}

export interface Survey {
  target: ResolvedTarget;
  os: string;
  loginShell: ShellName;
  loginShellSource: Context['loginShell']['source'];
  ci: string | undefined;
  /** Shells offered in the shell choice: the login shell first, then the others installed here. */
  shells: ShellTarget[];
  keys: FoundKey[];
  shadowing: Shadowing[];
}

/** Reads what is already there (files, environment, registry); changes nothing. */
export async function surveyMachine(ctx: Context, target: ResolvedTarget): Promise<Survey> {
  const env = ctx.sys.env;
  const keys: FoundKey[] = [];
  const current = env[KEY_VARIABLE]?.trim();
  if (current) keys.push({ where: 'this terminal', masked: maskKey(current), managed: false });

  let shells: ShellTarget[] = [];
  if (target === 'windows') {
    const stored = await readUserVariable(ctx.sys).catch(() => undefined);
    if (stored !== undefined) keys.push({ where: 'the Windows user environment', masked: maskKey(stored), managed: true });
  } else if (target === 'shell') {
    const installed = await installedShells(ctx);
    const offered = [ctx.loginShell.shell, ...installed.filter((s) => s !== ctx.loginShell.shell)];
    shells = await resolveShellTargets(ctx, { kind: 'named', shells: offered }, undefined);
    const keyFile = await readFileState(ctx.sys.fs, keyFilePath(ctx.roots));
    for (const t of shells) keys.push(...keysInFile(t, keyInKeyFile(keyFile.content)));
  }

  const shadowing: Shadowing[] = [];
  for (const v of SHADOWING_VARIABLES) {
    const value = env[v.name]?.trim();
    if (value) shadowing.push({ name: v.name, sdk: v.sdk, readFirst: v.readFirst, masked: maskKey(value) });
  }

  return {
    target,
    os: osLabel(ctx.os, ctx.sys.isWSL()),
    loginShell: ctx.loginShell.shell,
    loginShellSource: ctx.loginShell.source,
    ci: ctx.ci ? CI_LABEL[ctx.ci] : undefined,
    shells,
    keys,
    shadowing,
  };
}

/**
 * The key in the tool's block (for a block that loads the key file: `keyFileKey`, the key file's), and
 * IONQ_API_KEY lines the tool did not write, in one file.
 */
export function keysInFile(t: ShellTarget, keyFileKey?: string): FoundKey[] {
  if (!t.file.content || t.file.problem) return [];
  const found: FoundKey[] = [];
  const scan = scanBlock(t.file.content);
  if (scan.kind === 'one') {
    const key = storeOfBlock(scan.block.body) === 'separate' ? keyFileKey : keyInBlock(t.dialect, scan.block.body);
    if (key !== undefined) found.push({ where: t.label, masked: maskKey(key), managed: true, shell: t.shell });
  }
  const skip = scan.kind === 'one' ? { from: scan.block.beginLine, to: scan.block.endLine } : undefined;
  for (const a of findAssignments(t.file.content, skip)) {
    if (a.name === KEY_VARIABLE) found.push({ where: `${t.label}:${a.line}`, masked: maskKey(looseUnquote(a.rawValue)), managed: false, shell: t.shell });
  }
  return found;
}

/** The detected facts as the wizard shows them (pure). */
export function renderSurvey(s: Survey, c: Colors): string {
  const rows: [string, string][] = [['System', s.os]];
  if (s.target === 'windows') rows.push(['Saves to', 'your Windows user environment (setx), read by every new terminal']);
  else {
    const how = s.loginShellSource === 'SHELL' ? 'from $SHELL' : s.loginShellSource === 'user database' ? 'your login shell' : 'assumed: $SHELL is not set';
    rows.push(['Shell', `${s.loginShell} (${how})`]);
  }
  const others = s.shells.flatMap((t) => [t.shell, ...t.alsoFor]).filter((sh) => sh !== s.loginShell);
  if (others.length > 0) rows.push(['Also here', others.join(', ')]);
  rows.push(['CI', s.ci ?? 'none']);
  if (s.keys.length === 0) rows.push([KEY_VARIABLE, 'not set yet']);
  for (const k of s.keys) {
    const note = k.where === 'this terminal' ? 'set in this terminal' : k.managed ? `in ${k.where} (saved by ionq-env-setup)` : `in ${k.where} (a line you wrote)`;
    rows.push([KEY_VARIABLE, `${c.bold(k.masked)} ${note}`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [c.bold('What is here'), ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
  for (const v of s.shadowing) {
    lines.push(
      `  ${c.yellow('!')} ${v.name} is set (${v.masked}): ${v.sdk} reads it ${v.readFirst ? 'before' : 'instead of'} ${KEY_VARIABLE}, so it would win over the key you save. Unset it unless you mean to use a different key there.`,
    );
  }
  return lines.join('\n') + '\n';
}
