// `ionq-env-setup remove`: detect (find the tool's blocks and the Windows user variable) → plan (each
// file's bytes without the block) → confirm → apply → report. Only what the tool wrote is removed: lines
// the user wrote are listed with file and line, never edited.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import { detectContext, type Context } from '../core/context';
import { scanKeyPlaces, type KeyScan, type ScannedFile } from '../inventory/scan';
import { diffOf, targetReport } from '../plans/changes';
import { emptyPlan, type Plan, type Warning } from '../core/plan';
import { applyPlan } from '../plans/apply';
import { planRemoveFromFile, type RcTarget } from '../targets/shell/rc-file';
import { parseShellOption, resolveShellTargets, unsetHint, type ShellSelection } from '../targets/shell/locate';
import { planRegistryRemove, readUserVariable, REG_KEY } from '../targets/windows';
import { SHELL_NAMES, type ShellName } from '../detect/shell';
import { KEY_VARIABLE } from '../key/variables';
import { usageError } from '../platform/errors';
import { planDeleteKeyFile } from '../targets/shell/key-file';
import { keychainPlatform, planKeychainDelete, readKeychain } from '../targets/keychain';
import { keychainDeleteCommand, KEYCHAIN_ITEM } from '../targets/shell/keychain';
import { dirname } from 'node:path';
import type { CommandReport, TargetReport } from '../core/report';

export type RemoveTargetOption = 'auto' | 'shell' | 'windows';

export interface RemoveOptions {
  shell?: string[] | undefined;
  profile?: string | undefined;
  target?: string | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
}

export const REVOKE_REMINDER =
  'Removing the variable does not revoke the key. If it may have leaked, revoke it in IonQ Quantum Cloud → API Keys.';

interface RemovePlan {
  plan: Plan;
  /** Per change (index-aligned): the shells that read the file. */
  shellsOf: (ShellName[] | undefined)[];
  /** What was looked at, for "nothing to remove". */
  looked: string[];
}

/** Which places remove works on: shell files, the Windows user environment, or both (auto on Windows). */
function resolveRemoveTarget(option: string | undefined, ctx: Context, options: RemoveOptions): { files: boolean; windows: boolean } {
  const chosen = option ?? 'auto';
  if (chosen === 'windows') {
    if (ctx.os !== 'windows') throw usageError('NOT_WINDOWS', '--target windows works only on Windows (it deletes the user environment variable).');
    return { files: false, windows: true };
  }
  if (chosen === 'shell') return { files: true, windows: false };
  if (chosen !== 'auto') throw usageError('TARGET_UNSUPPORTED', `remove works on --target auto, shell or windows (got ${chosen}).`);
  const limited = options.shell !== undefined || options.profile !== undefined;
  return { files: true, windows: ctx.os === 'windows' && !limited };
}

/** Plans taking out every block in scope; throws (changing nothing) if any file's markers are broken. */
export async function planRemove(ctx: Context, options: RemoveOptions): Promise<RemovePlan> {
  const selection: ShellSelection = parseShellOption(options.shell);
  const where = resolveRemoveTarget(options.target, ctx, options);
  const plan = emptyPlan();
  const shellsOf: (ShellName[] | undefined)[] = [];
  const looked: string[] = [];

  if (where.files && options.profile !== undefined) {
    const [target] = await resolveShellTargets(ctx, selection, options.profile);
    const result = planRemoveFromFile(target!);
    looked.push(target!.label);
    if (result.change.status !== 'unchanged') {
      plan.changes.push(result.change);
      shellsOf.push([target!.shell]);
    }
    plan.warnings.push(...result.warnings.map((w) => ({ ...w, message: `${w.message} Delete it by hand if you want the key gone.` })));
  } else if (where.files) {
    // Default: every supported shell (not only the login shell), since `set --shell …` may have written any.
    const shells: ShellName[] = selection.kind === 'named' ? selection.shells : [...SHELL_NAMES];
    const scan = await scanKeyPlaces(ctx, { shells, includeExtra: selection.kind !== 'named', windows: false });
    for (const file of scan.files) {
      looked.push(ctx.label(file.state.path));
      if (file.state.problem) {
        plan.warnings.push({
          code: 'FILE_UNREADABLE',
          message: `Could not read ${ctx.label(file.state.path)}: ${file.state.problem}. If it holds an ionq-env-setup block, delete it by hand.`,
          path: file.state.path,
        });
        continue;
      }
      if (file.block || file.broken) {
        const result = planRemoveFromFile(rcTargetOf(ctx, file));
        if (result.change.status !== 'unchanged') {
          plan.changes.push(result.change);
          shellsOf.push(file.shells);
        }
      }
      plan.warnings.push(...unmanagedLines(ctx, file));
    }
  }

  if (where.files) {
    // The key file goes when no block that stays behind loads it.
    const all = await scanKeyPlaces(ctx, { windows: false });
    // An item no block reads any more is found only by asking the keychain (a plain remove does).
    if (all.keychain === undefined && options.shell === undefined && options.profile === undefined && ctx.os !== 'windows') {
      const read = await readKeychain(ctx.sys, keychainPlatform(ctx.sys.platform));
      if (read.kind === 'key') all.keychain = read;
    }
    if (all.keyFile?.state.exists) {
      const stillLoading = loadersLeft(all, plan, 'separate');
      if (stillLoading.length === 0) {
        plan.changes.push(planDeleteKeyFile(all.keyFile.state));
        shellsOf.push(undefined);
      } else {
        plan.warnings.push({
          code: 'KEY_FILE_KEPT',
          message: `${ctx.label(all.keyFile.state.path)} was kept: ${stillLoading.map((f) => ctx.label(f.state.path)).join(', ')} still load${stillLoading.length === 1 ? 's' : ''} the key from it.`,
          path: all.keyFile.state.path,
        });
      }
    }
    planKeychainRemoval(ctx, plan, shellsOf, all);
  }

  if (where.windows) {
    looked.push(`the Windows user environment (${REG_KEY})`);
    const current = await readUserVariable(ctx.sys);
    const change = planRegistryRemove(current);
    if (change.status !== 'unchanged') {
      plan.changes.push(change);
      shellsOf.push(undefined);
    }
  }
  return { plan, shellsOf, looked };
}

/**
 * The keychain item goes when no block that stays behind reads it. A plain `remove` also takes away an item
 * no block reads any more; one limited to some shells leaves an item it did not find a reader for.
 */
function planKeychainRemoval(ctx: Context, plan: Plan, shellsOf: (ShellName[] | undefined)[], all: KeyScan): void {
  if (ctx.os === 'windows' || all.keychain === undefined) return;
  const stillLoading = loadersLeft(all, plan, 'keychain');
  const read = all.keychain;
  if (stillLoading.length > 0) {
    plan.warnings.push({ code: 'KEYCHAIN_KEPT', message: `The keychain item was kept: ${stillLoading.map((f) => ctx.label(f.state.path)).join(', ')} still read${stillLoading.length === 1 ? 's' : ''} the key from it.` });
  } else if (read.kind === 'key') {
    plan.changes.push(planKeychainDelete(keychainPlatform(ctx.sys.platform), read.key));
    shellsOf.push(undefined);
  } else if (read.kind === 'unreadable' && all.files.some((f) => f.store === 'keychain')) {
    const command = keychainDeleteCommand(keychainPlatform(ctx.sys.platform));
    plan.warnings.push({ code: 'KEYCHAIN_UNREADABLE', message: `The keychain could not be read (${read.reason}), so its ionq-env-setup item may still hold the key. Delete it once the keychain is unlocked: ${command.file} ${command.args.join(' ')}` });
  }
}

/** The files whose block loads the key from `store` and that the plan leaves as they are. */
function loadersLeft(all: KeyScan, plan: Plan, store: 'separate' | 'keychain'): ScannedFile[] {
  const changed = new Set(plan.changes.map((c) => (c.kind === 'file' ? c.file.path : '')));
  return all.files.filter((f) => f.store === store && !changed.has(f.state.path));
}

function rcTargetOf(ctx: Context, file: ScannedFile): RcTarget {
  return {
    target: 'shell',
    ...(file.shells[0] ? { shell: file.shells[0] } : {}),
    dialect: file.dialect,
    file: file.state,
    label: ctx.label(file.state.path),
  };
}

/** Lines the user wrote that set a key variable: listed, never edited. */
function unmanagedLines(ctx: Context, file: ScannedFile): Warning[] {
  return file.definitions
    .filter((d) => !d.managed)
    .map((d) => ({
      code: 'UNMANAGED_LEFT',
      message: `${ctx.label(file.state.path)}:${d.line} sets ${d.variable} (${d.masked}) on a line this tool did not write; it was left alone. Delete it by hand if you want the key gone.`,
      path: file.state.path,
      line: d.line!,
    }));
}

export async function runRemove(sys: System, options: RemoveOptions, io: Interaction): Promise<CommandReport> {
  const ctx = await detectContext(sys);
  const { plan, shellsOf, looked } = await planRemove(ctx, options);

  const reportOf = (statuses: readonly string[], dryRun: boolean): CommandReport => ({
    ok: true,
    command: 'remove',
    targets: plan.changes.map((c, i) => withShells(targetReport(c, statuses[i]!, ctx.label, undefined, dryRun), shellsOf[i])),
    warnings: plan.warnings,
    next: [],
    ...(dryRun ? { dryRun: true } : {}),
  });

  if (plan.changes.length === 0) {
    const report = reportOf([], false);
    report.next.push(`Nothing to remove: no ionq-env-setup block${ctx.os === 'windows' ? ' or user variable' : ''} was found${looked.length > 0 ? ` (looked at ${looked.join(', ')})` : ''}.`);
    report.next.push(...afterRemoval(ctx, false));
    report.data = { removed: 0 };
    return report;
  }

  if (options.dryRun) {
    const report = reportOf(plan.changes.map((c) => c.status), true);
    report.data = { removed: 0 };
    return report;
  }

  if (io.interactive && !options.yes) {
    for (const change of plan.changes) {
      if (change.kind === 'file') io.info(diffOf(change, ctx.label(change.file.path)) + '\n');
      if (change.kind === 'registry') io.info(`reg delete ${REG_KEY} /v ${KEY_VARIABLE} /f   (the Windows user environment)\n`);
      if (change.kind === 'keychain') io.info(`delete the keychain item ${KEYCHAIN_ITEM}\n`);
    }
    if (!(await io.asker().confirm(`Remove ${KEY_VARIABLE} from ${plan.changes.length === 1 ? 'this place' : `these ${plan.changes.length} places`}?`, true))) {
      const report = reportOf(plan.changes.map(() => 'unchanged'), false);
      report.next.push('Nothing was changed.');
      return report;
    }
  }

  const applied = await applyPlan(sys, plan, ctx.label);
  const report = reportOf(applied.map((a) => a.status), false);
  for (const a of applied) {
    if (a.change.kind !== 'file' || a.change.after !== null) continue;
    if (a.change.target === 'key-file') {
      report.next.push(`${ctx.label(a.change.file.path)} (the key file) was deleted.`);
      // Its folder is the tool's own; taken away when nothing else is in it.
      if (!a.change.file.isSymlink) await sys.fs.rmdir(dirname(a.change.file.realPath)).catch(() => undefined);
    } else report.next.push(`${ctx.label(a.change.file.path)} was deleted: the tool had created it, and nothing else was in it.`);
  }
  report.next.push(...afterRemoval(ctx, true));
  report.data = { removed: applied.filter((a) => a.status === 'removed').length };
  return report;
}

function withShells(report: TargetReport, shells: ShellName[] | undefined): TargetReport {
  if (report.kind !== 'shell' || !shells || shells.length === 0) return report;
  return { ...report, shell: shells[0]!, ...(shells.length > 1 ? { shells } : {}) };
}

/** What removing does not do: the open terminal keeps the variable, and the key stays valid. */
function afterRemoval(ctx: Context, removedSomething: boolean): string[] {
  const lines: string[] = [];
  const inTerminal = Boolean(ctx.sys.env[KEY_VARIABLE]);
  if (inTerminal) {
    lines.push(`This terminal still has ${KEY_VARIABLE}; new terminals will not. To clear it here: ${unsetHint(ctx.os === 'windows' ? 'windows' : ctx.loginShell.shell)}`);
  }
  if (removedSomething || inTerminal) lines.push(REVOKE_REMINDER);
  lines.push('Check anytime with: npx ionq-env-setup status');
  return lines;
}
