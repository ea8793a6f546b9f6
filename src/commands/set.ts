// `ionq-env-setup set`: detect → plan → confirm → apply → report. On a terminal the same steps ask
// what flags did not say (the wizard adds its explanations around them: wizard/flow.ts).
import type { System } from '../system';
import { detectContext, type Context } from './context';
import type { Interaction } from './interaction';
import { obtainKey, type KeySourceOptions } from '../key/source';
import { maskKey } from '../key/mask';
import { verifyKey, type VerifyOutcome } from '../key/ionq-api';
import { CliError, ExitCode, usageError } from '../errors';

export { resolveTarget, TARGET_OPTIONS, type TargetOption, type ResolvedTarget } from './plan-set';
import { applyPlan } from '../apply';
import { loadNowHint, parseShellOption, type ShellTarget } from '../targets/shell-targets';
import { planSet, resolveTarget, type ResolvedTarget, type TargetOption } from './plan-set';
import { isCiChannel } from '../detect/ci';
import { githubMaskCommand } from '../targets/ci-commands';
import { writeKeyCarryingCommand } from '../targets/ci-channel';
import { AZURE_ENV_MAPPING } from '../targets/azure-pipelines';
import type { CommandReport, VerifiedInfo } from '../report';
import { settleConflicts, targetReport, diffOf } from './shared';
import { KEY_VARIABLE } from '../key/variables';

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
}

export async function runSet(sys: System, options: SetOptions, io: Interaction): Promise<CommandReport> {
  const selection = parseShellOption(options.shell);
  const ctx = await detectContext(sys);
  const target = resolveTarget(options.target, { os: ctx.os, ci: ctx.ci, env: sys.env }, options.dotenv);
  if (target === 'windows' && ctx.os !== 'windows') {
    throw usageError('NOT_WINDOWS', '--target windows works only on Windows (it writes the user environment with setx).');
  }

  const obtained = await obtainKey(sys, options, io.interactive ? () => io.asker().secret(`Paste your IonQ API key (typing is hidden):`) : undefined, ctx.ci !== undefined);
  const key = obtained.key;
  const masked = maskKey(key);
  // In GitHub Actions the runner must learn to mask the key before anything else is printed (step debug
  // logging echoes exported values). Masking writes nothing, so it happens on dry runs and failures too.
  if (sys.env.GITHUB_ACTIONS === 'true') writeKeyCarryingCommand(sys, githubMaskCommand(key));

  // A CI bootstrap step exists to fail early on a bad key: there verification is on unless --no-verify.
  const verified = (options.verify ?? (io.interactive || isCiChannel(target))) ? await verifyOrThrow(sys, key, io) : undefined;

  const { plan, shellTargets } = await planSet(ctx, target, selection, options.profile, key, { dotenvPath: options.dotenv });
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
      if (change.kind === 'append') io.info(`append ${KEY_VARIABLE} (${masked}) to ${ctx.label(change.path)}\n`);
      if (change.kind === 'stdout') io.info(`print the ${change.target} logging command that sets ${KEY_VARIABLE} (${masked})\n`);
    }
    if (!(await io.asker().confirm('Make these changes?', true))) {
      const report = reportOf(plan.changes.map(() => 'unchanged'), false);
      report.next.push('Nothing was changed.');
      return report;
    }
  }

  const applied = await applyPlan(sys, plan, ctx.label);
  const report = reportOf(applied.map((a) => a.status), false);
  report.next.push(...nextSteps(ctx, target, shellTargets, sys.env[KEY_VARIABLE] === key, options.dotenv));
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

function nextSteps(ctx: Context, target: ResolvedTarget, shellTargets: readonly ShellTarget[], alreadyLoaded: boolean, dotenvPath: string | undefined): string[] {
  switch (target) {
    case 'github':
      return [`The later steps of this job have ${KEY_VARIABLE} in their environment; GitHub Actions masks it in logs.`];
    case 'azure':
      return [
        `${KEY_VARIABLE} is now a secret pipeline variable. Azure gives secret variables to a later step only when that step maps them:`,
        ...AZURE_ENV_MAPPING.split('\n').map((l) => '  ' + l),
      ];
    case 'circleci':
      return [`The later run steps of this job have ${KEY_VARIABLE}: CircleCI's bash sources ${ctx.label(ctx.sys.env.BASH_ENV ?? '$BASH_ENV')} first.`];
    case 'dotenv': {
      // `. name` without a slash searches PATH, not the current folder.
      const given = dotenvPath ?? '.env';
      const file = quoteForHint(given.includes('/') ? given : `./${given}`);
      return [`Load it in the same script that needs it: set -a; . ${file}; set +a   (or point a dotenv loader at it; see docs/ci.md)`];
    }
    default:
      break;
  }
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
