// The wizard's "what is here" step, a view of the inventory: the system, the shells found, the CI, and
// every key already set (this terminal, the chosen shells' files, the Windows user environment) — each
// masked the moment it is read, so nothing later can print it by mistake.
import type { Context } from '../core/context';
import { SHADOWING_VARIABLES, KEY_VARIABLE } from '../key/variables';
import { maskKey } from '../key/mask';
import { installedShells, resolveShellTargets, type ShellTarget } from '../targets/shell/locate';
import { scanKeyPlaces } from '../inventory/scan';
import { foundKeys, type FoundKey } from '../inventory/existing-keys';
import type { ResolvedTarget } from '../plans/set-request';
import type { ShellName } from '../detect/shell';
import { osLabel } from '../detect/os';
import { CI_LABEL } from '../detect/ci';
import type { Colors } from '../platform/color';

interface Shadowing {
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
  let shells: ShellTarget[] = [];
  let offered: ShellName[] = [];
  if (target === 'shell') {
    const installed = await installedShells(ctx);
    offered = [ctx.loginShell.shell, ...installed.filter((s) => s !== ctx.loginShell.shell)];
    shells = await resolveShellTargets(ctx, { kind: 'named', shells: offered }, undefined);
  }
  const scan = await scanKeyPlaces(ctx, { shells: offered, includeExtra: false, windows: target === 'windows' });
  const shadowing: Shadowing[] = [];
  for (const v of SHADOWING_VARIABLES) {
    const value = ctx.sys.env[v.name]?.trim();
    if (value) shadowing.push({ name: v.name, sdk: v.sdk, readFirst: v.readFirst, masked: maskKey(value) });
  }
  return {
    target,
    os: osLabel(ctx.os, ctx.sys.isWSL()),
    loginShell: ctx.loginShell.shell,
    loginShellSource: ctx.loginShell.source,
    ci: ctx.ci ? CI_LABEL[ctx.ci] : undefined,
    shells,
    keys: foundKeys(scan, ctx.label),
    shadowing,
  };
}

const NOTE: Record<FoundKey['kind'], string> = {
  environment: 'set in this terminal',
  block: 'in WHERE (saved by ionq-env-setup)',
  'key-file': 'in WHERE (saved by ionq-env-setup)',
  keychain: 'in the OS keychain (saved by ionq-env-setup)',
  'hand-written': 'in WHERE (a line you wrote)',
  windows: 'in WHERE',
};

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
  for (const k of s.keys) rows.push([KEY_VARIABLE, `${c.bold(k.masked)} ${NOTE[k.kind].replace('WHERE', k.where)}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [c.bold('What is here'), ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
  for (const v of s.shadowing) {
    lines.push(
      `  ${c.yellow('!')} ${v.name} is set (${v.masked}): ${v.sdk} reads it ${v.readFirst ? 'before' : 'instead of'} ${KEY_VARIABLE}, so it would win over the key you save. Unset it unless you mean to use a different key there.`,
    );
  }
  return lines.join('\n') + '\n';
}
