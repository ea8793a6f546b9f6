// `ionq-env-setup set`, in one direction: a complete request (from flags, or from the wizard's questions
// on a terminal) → a plan (pure: nothing is asked or written) → confirm (the wizard, --yes, or --force
// for a different key already set) → apply → report.
import type { System } from '../platform/system';
import type { Context } from '../core/context';
import { detectContext } from '../core/context';
import type { Interaction } from '../core/interaction';
import type { Plan } from '../core/plan';
import type { CommandReport } from '../core/report';
import { usageError } from '../platform/errors';
import { maskKey } from '../key/mask';
import { KEY_VARIABLE } from '../key/variables';
import { requestFromFlags, type ResolvedTarget, type SetOptions, type SetRequest } from '../plans/set-request';
import { managedElsewhere, planSet, type SetPlan } from '../plans/set';
import { applyPlan } from '../plans/apply';
import { targetReport } from '../plans/changes';
import { loadNowHint, type ShellTarget } from '../targets/shell/locate';
import { githubMaskCommand } from '../targets/ci/commands';
import { writeKeyCarryingCommand } from '../targets/ci/channel';
import { AZURE_ENV_MAPPING } from '../targets/ci/azure-pipelines';
import type { PrivateFile } from '../wizard/set-wizard';

export type { SetOptions } from '../plans/set-request';

export async function runSet(sys: System, options: SetOptions, io: Interaction): Promise<CommandReport> {
  const ctx = await detectContext(sys);
  // In GitHub Actions the runner must learn to mask the key before anything else is printed (step debug
  // logging echoes exported values), so as soon as a key is known. Masking writes nothing, so it happens
  // on dry runs and failures too.
  const onKey = (key: string): void => {
    if (sys.env.GITHUB_ACTIONS === 'true') writeKeyCarryingCommand(sys, githubMaskCommand(key));
  };
  // The guided setup's code loads only on a terminal: a scripted run never needs it.
  const wizard = io.interactive ? await import('../wizard/set-wizard') : undefined;
  const request = wizard ? await wizard.askSetRequest(ctx, options, io, onKey) : await requestFromFlags(ctx, options, io, onKey);
  const setPlan = await planSet(ctx, request);
  const { plan } = setPlan;
  plan.warnings.unshift(...request.key.warnings);

  if (options.dryRun) {
    const report = reportOf(ctx, request, setPlan, plan.changes.map((c) => c.status), true);
    if (plan.conflicts.length > 0 && !request.force) report.next.push(`A different key is set in ${conflictList(plan)}: the real run needs --force (or your yes) to replace it.`);
    return report;
  }

  let privateFiles: PrivateFile[] = [];
  if (wizard && !options.yes) {
    const answer = await wizard.confirmSetPlan(ctx, request, plan, io);
    if (answer === 'kept' || answer === 'declined') {
      const report = reportOf(ctx, request, setPlan, plan.changes.map(() => 'unchanged'), false);
      report.next = [answer === 'kept' ? 'Kept the existing key; nothing was changed.' : 'Nothing was changed.'];
      return report;
    }
    privateFiles = answer.privateFiles;
    // The wizard showed the warnings (or asked about them) with the plan: not repeated at the end.
    plan.warnings = [];
  } else if (plan.conflicts.length > 0 && !request.force) {
    throw usageError('KEY_EXISTS', `A different key is already set in ${conflictList(plan)}.`, `Run again with --force to replace it with the new key (${maskKey(request.key.key)}).`);
  }

  const applied = await applyPlan(sys, plan, ctx.label);
  if (wizard) await wizard.makePrivate(sys, privateFiles);
  const report = reportOf(ctx, request, setPlan, applied.map((a) => a.status), false);
  report.next.push(...nextSteps(ctx, request, setPlan.shellTargets));
  return report;
}

const conflictList = (plan: Plan): string => plan.conflicts.map((c) => `${c.where} (${c.existingMasked})`).join(', ');

function reportOf(ctx: Context, request: SetRequest, { plan, shellTargets, stores }: SetPlan, statuses: readonly string[], dryRun: boolean): CommandReport {
  return {
    ok: true,
    command: 'set',
    key: { masked: maskKey(request.key.key), source: request.key.source, ...(request.verified !== undefined ? { verified: request.verified } : {}) },
    targets: plan.changes.map((c, i) => {
      const shellTarget = c.kind === 'file' && c.target === 'shell' ? shellTargets.find((t) => t.file.path === c.file.path) : undefined;
      const report = targetReport(c, statuses[i]!, ctx.label, shellTarget, dryRun);
      const store = c.kind === 'file' ? stores[c.file.path] : undefined;
      return store ? { ...report, store } : report;
    }),
    warnings: plan.warnings,
    next: request.verified === false ? ['The key was saved without being checked. Once you are online, check the saved key with: npx ionq-env-setup status --verify'] : [],
    ...(dryRun ? { dryRun: true } : {}),
  };
}

/** How to use the key now: the CI's own words, or how to load it into the terminal that is open. */
function nextSteps(ctx: Context, request: SetRequest, shellTargets: readonly ShellTarget[]): string[] {
  const target: ResolvedTarget = request.target;
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
      const given = request.dotenv ?? '.env';
      const file = quoteForHint(given.includes('/') ? given : `./${given}`);
      return [`Load it in the same script that needs it: set -a; . ${file}; set +a   (or point a dotenv loader at it; see docs/ci.md)`];
    }
    default:
      break;
  }
  if (ctx.sys.env[KEY_VARIABLE] === request.key.key) return ['This terminal already has the key. Check anytime with: npx ionq-env-setup status'];
  if (target === 'windows') {
    return [
      'Open a new terminal to use the key (terminals and editors that are already open keep their old environment).',
      `To load it into this PowerShell now: $env:${KEY_VARIABLE} = [Environment]::GetEnvironmentVariable('${KEY_VARIABLE}', 'User')`,
      'Check anytime with: npx ionq-env-setup status',
    ];
  }
  const current = shellTargets.find((t) => t.shell === ctx.loginShell.shell || t.alsoFor.includes(ctx.loginShell.shell)) ?? shellTargets[0];
  const lines: string[] = [];
  if (current && managedElsewhere(current)) lines.push(`New ${current.shell} terminals will have the key once your dotfile manager puts the line shown above into ${current.label}.`);
  else if (current) lines.push(`New terminals will have the key. To load it into this ${current.shell} now: ${loadNowHint(current.shell, quoteForHint(current.label))}`);
  lines.push('Check anytime with: npx ionq-env-setup status');
  return lines;
}

const quoteForHint = (label: string): string => (/^[\w~./@%+=:,-]+$/.test(label) ? label : `"${label.replace(/(["\\$`])/g, '\\$1')}"`);
