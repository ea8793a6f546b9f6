// `ionq-env-setup set`: detect → plan → confirm → apply → report. On a terminal the same steps ask
// what flags did not say (the wizard adds its explanations around them: wizard/flow.ts).
import type { System } from '../system';
import { detectContext, type Context } from './context';
import type { Interaction } from './interaction';
import { obtainKey, type KeySourceOptions } from '../key/source';
import { maskKey } from '../key/mask';
import { verifyKey, type VerifyOutcome } from '../key/ionq-api';
import { CliError, ExitCode, usageError } from '../errors';

export { resolveTarget, TARGET_OPTIONS, type TargetOption } from './plan-set';
import { applyPlan } from '../apply';
import { loadNowHint, parseShellOption, type ShellTarget } from '../targets/shell-targets';
import { planSet, resolveTarget, type TargetOption } from './plan-set';
import type { CommandReport, VerifiedInfo } from '../report';
import { settleConflicts, targetReport, diffOf } from './shared';
import { KEY_VARIABLE } from '../key/variables';

export interface SetOptions extends KeySourceOptions {
  shell?: string[] | undefined;
  profile?: string | undefined;
  target?: TargetOption | undefined;
  verify?: boolean | undefined;
  force?: boolean | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
}

export async function runSet(sys: System, options: SetOptions, io: Interaction): Promise<CommandReport> {
  const selection = parseShellOption(options.shell);
  const ctx = await detectContext(sys);
  const target = resolveTarget(options.target, ctx);
  if (target === 'windows' && ctx.os !== 'windows') {
    throw usageError('NOT_WINDOWS', '--target windows works only on Windows (it writes the user environment with setx).');
  }

  const obtained = await obtainKey(sys, options, io.interactive ? () => io.asker().secret(`Paste your IonQ API key (typing is hidden):`) : undefined, ctx.ci !== undefined);
  const key = obtained.key;
  const masked = maskKey(key);

  const verified = (options.verify ?? io.interactive) ? await verifyOrThrow(sys, key, io) : undefined;

  const { plan, shellTargets } = await planSet(ctx, target, selection, options.profile, key);
  plan.warnings.unshift(...obtained.warnings);

  const reportOf = (statuses: readonly string[], dryRun: boolean): CommandReport => ({
    ok: true,
    command: 'set',
    key: { masked, source: obtained.source, ...(verified ? { verified } : {}) },
    targets: plan.changes.map((c, i) => targetReport(c, statuses[i]!, ctx.label, shellTargets[i], dryRun)),
    warnings: plan.warnings,
    next: [],
    ...(dryRun ? { dryRun: true } : {}),
  });

  if (options.dryRun) {
    const report = reportOf(plan.changes.map((c) => c.status), true);
    if (plan.conflicts.length > 0 && !options.force) {
      report.next.push(`A different key is set in ${plan.conflicts.map((c) => `${c.where} (${c.existingMasked})`).join(', ')}: the real run needs --force (or your yes) to replace it.`);
    }
    return report;
  }

  if (!(await settleConflicts(plan, masked, options.force, io))) {
    const report = reportOf(plan.changes.map(() => 'unchanged'), false);
    report.next.push('Kept the existing key; nothing was changed.');
    return report;
  }

  if (io.interactive && !options.yes && plan.changes.some((c) => c.status !== 'unchanged')) {
    for (const change of plan.changes) {
      if (change.kind === 'file' && change.status !== 'unchanged') io.info(diffOf(change, ctx.label(change.file.path)) + '\n');
      if (change.kind === 'registry' && change.status !== 'unchanged') io.info(`setx ${KEY_VARIABLE} ${masked}   (the Windows user environment)\n`);
    }
    if (!(await io.asker().confirm('Make these changes?', true))) {
      const report = reportOf(plan.changes.map(() => 'unchanged'), false);
      report.next.push('Nothing was changed.');
      return report;
    }
  }

  const applied = await applyPlan(sys, plan, ctx.label);
  const report = reportOf(applied.map((a) => a.status), false);
  report.next.push(...nextSteps(ctx, target, shellTargets, sys.env[KEY_VARIABLE] === key));
  return report;
}

/** Checks the key with IonQ; a rejected key stops everything before any file is touched. */
async function verifyOrThrow(sys: System, key: string, io: Interaction): Promise<VerifiedInfo> {
  io.info('Checking the key with IonQ…\n');
  const outcome: VerifyOutcome = await verifyKey(sys, key);
  switch (outcome.kind) {
    case 'valid': {
      const { kind: _kind, ...info } = outcome;
      return info;
    }
    case 'invalid':
      throw new CliError('KEY_REJECTED', `IonQ rejected the key ${maskKey(key)}: it is not valid, or it was revoked (HTTP 401). Nothing was saved.`, {
        exitCode: ExitCode.rejected,
        hint: 'Create a new key in IonQ Quantum Cloud → API Keys, and copy it whole.',
      });
    case 'forbidden':
      throw new CliError('KEY_FORBIDDEN', `IonQ recognised the key ${maskKey(key)} but it is not permitted to use the API (HTTP 403). Nothing was saved.`, {
        exitCode: ExitCode.rejected,
        hint: 'Check the key\'s project and permissions in IonQ Quantum Cloud.',
      });
    case 'unavailable':
      throw new CliError('VERIFY_UNAVAILABLE', `Could not verify the key: ${outcome.reason}. Nothing was saved.`, {
        exitCode: ExitCode.unverified,
        hint: 'Try again later, or save without checking: --no-verify.',
      });
  }
}

function nextSteps(ctx: Context, target: 'shell' | 'windows', shellTargets: readonly ShellTarget[], alreadyLoaded: boolean): string[] {
  if (alreadyLoaded) return ['This terminal already has the key. Check anytime with: npx ionq-env-setup status'];
  if (target === 'windows') {
    return [
      'Open a new terminal to use the key (terminals and editors that are already open keep their old environment).',
      `To load it into this PowerShell now: $env:${KEY_VARIABLE} = [Environment]::GetEnvironmentVariable('${KEY_VARIABLE}', 'User')`,
      'Check anytime with: npx ionq-env-setup status',
    ];
  }
  const current = shellTargets.find((t) => t.shell === ctx.loginShell.shell || t.alsoFor.includes(ctx.loginShell.shell)) ?? shellTargets[0];
  const lines: string[] = [];
  if (current) lines.push(`New terminals will have the key. To load it into this ${current.shell} now: ${loadNowHint(current.shell, quoteForHint(current.label))}`);
  lines.push('Check anytime with: npx ionq-env-setup status');
  return lines;
}

const quoteForHint = (label: string): string => (/^[\w~./@%+=:,-]+$/.test(label) ? label : `"${label.replace(/(["\\$`])/g, '\\$1')}"`);
