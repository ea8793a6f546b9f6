// The plan step of `set`: from the chosen target and the key to a Plan of changes (reads files, writes nothing).
import type { Context } from './context';
import { emptyPlan, type Plan } from '../plan';
import { usageError } from '../errors';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE } from '../key/variables';
import { inlineKeyBody, laterFileWarnings, planSetInFile } from '../targets/rc-file';
import { resolveShellTargets, type ShellSelection, type ShellTarget } from '../targets/shell-targets';
import { planRegistrySet, readUserVariable } from '../targets/windows';

export type TargetOption = 'auto' | 'shell' | 'windows' | 'github' | 'azure' | 'circleci' | 'dotenv';
export const TARGET_OPTIONS: readonly TargetOption[] = ['auto', 'shell', 'windows', 'github', 'azure', 'circleci', 'dotenv'];

/** Where the key goes for --target auto: Windows' user environment on Windows, else shell files. */
export function resolveTarget(option: TargetOption | undefined, ctx: Pick<Context, 'os'>): 'shell' | 'windows' {
  const chosen = option ?? 'auto';
  if (chosen === 'auto') return ctx.os === 'windows' ? 'windows' : 'shell';
  if (chosen === 'shell' || chosen === 'windows') return chosen;
  throw usageError('TARGET_UNSUPPORTED', `--target ${chosen} is not available in this version.`);
}

export interface SetPlan {
  plan: Plan;
  /** The shell targets, index-aligned with plan.changes when the target is 'shell'. */
  shellTargets: ShellTarget[];
}

/** Plans saving `key` for the resolved target. */
export async function planSet(
  ctx: Context,
  target: 'shell' | 'windows',
  selection: ShellSelection,
  profile: string | undefined,
  key: string,
): Promise<SetPlan> {
  const plan = emptyPlan();
  let shellTargets: ShellTarget[] = [];
  if (target === 'windows') {
    const current = await readUserVariable(ctx.sys);
    const change = planRegistrySet(current, key);
    if (current !== undefined && current !== key) plan.conflicts.push({ where: `the Windows user environment (${KEY_VARIABLE})`, existingMasked: maskKey(current) });
    plan.changes.push(change);
  } else {
    shellTargets = await resolveShellTargets(ctx, selection, profile);
    if (shellTargets.length === 0) throw usageError('NO_SHELLS', 'No supported shell was found on this machine.', 'Name one with --shell, or a file with --profile.');
    for (const t of shellTargets) {
      const result = planSetInFile(t, key, inlineKeyBody(t.dialect, key));
      plan.changes.push(result.change);
      // Windows has no Unix permission bits: Node reports every file as mode 666 there, so a
      // "readable by others" warning would be false (and `chmod 600` means nothing to Windows).
      plan.warnings.push(...result.warnings.filter((w) => !(ctx.os === 'windows' && w.code === 'FILE_READABLE_BY_OTHERS')));
      if (result.conflict) plan.conflicts.push(result.conflict);
      for (const later of t.readLater) plan.warnings.push(...laterFileWarnings(ctx.label(later.path), later));
    }
    if (ctx.loginShell.source === 'assumed' && selection.kind === 'login' && profile === undefined) {
      plan.warnings.push({ code: 'SHELL_ASSUMED', message: `SHELL is not set, so ${ctx.loginShell.shell} was assumed. Use --shell to choose (for example --shell all).` });
    }
  }

  return { plan, shellTargets };
}
