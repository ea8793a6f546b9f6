// `ionq-env-setup set`: detect → plan → confirm → apply → report. On a terminal the same steps ask
// what flags did not say (the wizard adds its explanations around them: wizard/flow.ts).
import type { System } from '../platform/system';
import { detectContext, type Context } from '../core/context';
import type { Interaction } from '../core/interaction';
import { obtainKey, type KeySourceOptions, type ObtainedKey } from '../plans/key-source';
import { maskKey } from '../key/mask';
import type { VerifyOutcome } from '../key/ionq-api';
import { CliError, ExitCode, usageError } from '../platform/errors';

export { resolveTarget, TARGET_OPTIONS, type TargetOption, type ResolvedTarget } from '../plans/set';
import { applyPlan } from '../plans/apply';
import { loadNowHint, parseShellOption, type ShellTarget } from '../targets/shell/locate';
import { planSet, resolveTarget, type ResolvedTarget, type TargetOption } from '../plans/set';
import { isCiChannel } from '../detect/ci';
import { githubMaskCommand } from '../targets/ci/commands';
import { writeKeyCarryingCommand } from '../targets/ci/channel';
import { AZURE_ENV_MAPPING } from '../targets/ci/azure-pipelines';
import type { CommandReport, VerifiedInfo } from '../core/report';
import { settleConflicts, targetReport, diffOf } from '../plans/changes';
import { KEY_VARIABLE } from '../key/variables';
import { renderWarnings } from '../render/human';
import type { PrivateFile } from '../wizard/flow';
import type { Store } from '../targets/shell/block-body';

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
  /** --store: the key in each rc file's block (inline), or in its own file that the blocks load (separate). */
  store?: Store | undefined;
}

export async function runSet(sys: System, options: SetOptions, io: Interaction): Promise<CommandReport> {
  const flagSelection = parseShellOption(options.shell);
  const ctx = await detectContext(sys);
  const target = resolveTarget(options.target, { os: ctx.os, ci: ctx.ci, env: sys.env }, options.dotenv);
  if (target === 'windows' && ctx.os !== 'windows') {
    throw usageError('NOT_WINDOWS', '--target windows works only on Windows (it writes the user environment with setx).');
  }

  // On a terminal the guided setup opens: what will happen, and what is already here. Its code loads only
  // then: a scripted run never needs it.
  const wizard = io.interactive ? await loadWizard() : undefined;
  const survey = wizard ? await wizard.surveyMachine(ctx, target) : undefined;
  if (wizard && survey) io.info(wizard.introText(io.colors, !keyFlagGiven(options)) + wizard.renderSurvey(survey, io.colors) + '\n');

  // In GitHub Actions the runner must learn to mask the key before anything else is printed (step debug
  // logging echoes exported values), so as soon as a key is known. Masking writes nothing, so it happens
  // on dry runs and failures too.
  const onKey = (candidate: string): void => {
    if (sys.env.GITHUB_ACTIONS === 'true') writeKeyCarryingCommand(sys, githubMaskCommand(candidate));
  };
  // A CI bootstrap step exists to fail early on a bad key: there verification is on unless --no-verify.
  const verifyByDefault = io.interactive || isCiChannel(target);
  const { obtained, verified } = await obtainCheckedKey(sys, ctx, options, io, wizard, verifyByDefault, onKey);
  const key = obtained.key;
  const masked = maskKey(key);

  const shellsGiven = (options.shell?.length ?? 0) > 0 || options.profile !== undefined;
  const selection = wizard && survey && target === 'shell' && !shellsGiven && !options.yes ? await wizard.chooseShells(survey, io) : flagSelection;

  const { plan, shellTargets, stores } = await planSet(ctx, target, selection, options.profile, key, {
    dotenvPath: options.dotenv,
    store: options.store,
    chooseStore: wizard && !options.yes ? (inRepo, keyFileLabel) => wizard.askStore(inRepo, keyFileLabel, io) : undefined,
  });
  plan.warnings.unshift(...obtained.warnings);

  const reportOf = (statuses: readonly string[], dryRun: boolean): CommandReport => ({
    ok: true,
    command: 'set',
    key: { masked, source: obtained.source, ...(verified !== undefined ? { verified } : {}) },
    targets: plan.changes.map((c, i) => {
      const shellTarget = c.kind === 'file' && c.target === 'shell' ? shellTargets.find((t) => t.file.path === c.file.path) : undefined;
      const report = targetReport(c, statuses[i]!, ctx.label, shellTarget, dryRun);
      const store = c.kind === 'file' ? stores[c.file.path] : undefined;
      return store ? { ...report, store } : report;
    }),
    warnings: plan.warnings,
    next: verified === false ? ['The key was saved without being checked. Check it once you are online: npx ionq-env-setup verify'] : [],
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
    report.next = ['Kept the existing key; nothing was changed.'];
    return report;
  }

  // The wizard shows the plan (diffs with the key masked, warnings) and asks before anything is written.
  let privateFiles: PrivateFile[] = [];
  if (wizard && !options.yes) {
    const changing = plan.changes.some((c) => c.status !== 'unchanged');
    if (changing) io.info('\n' + io.colors.bold('The plan') + '\n');
    for (const change of plan.changes) {
      if (change.kind === 'file' && change.status !== 'unchanged') io.info(diffOf(change, ctx.label(change.file.path)) + '\n');
      if (change.kind === 'registry' && change.status !== 'unchanged') io.info(`setx ${KEY_VARIABLE} ${masked}   (the Windows user environment)\n`);
      if (change.kind === 'append') io.info(`append ${KEY_VARIABLE} (${masked}) to ${ctx.label(change.path)}\n`);
      if (change.kind === 'stdout') io.info(`print the ${change.target} logging command that sets ${KEY_VARIABLE} (${masked})\n`);
    }
    if (changing) io.info('\n');
    const readable = wizard.looselyReadable(plan, ctx.label);
    const shown = plan.warnings.filter((w) => w.code !== 'FILE_READABLE_BY_OTHERS');
    io.info(renderWarnings({ ...reportOf([], false), warnings: shown }, io.colors));
    privateFiles = await wizard.offerPrivate(readable, io);
    // Warnings were shown (or asked about) above: not repeated at the end.
    plan.warnings = [];
    if (changing && !(await io.asker().confirm('Make these changes?', true))) {
      const report = reportOf(plan.changes.map(() => 'unchanged'), false);
      report.next = ['Nothing was changed.'];
      return report;
    }
    io.info('\n');
  }

  const applied = await applyPlan(sys, plan, ctx.label);
  if (wizard) await wizard.makePrivate(sys, privateFiles);
  const report = reportOf(applied.map((a) => a.status), false);
  report.next.push(...nextSteps(ctx, target, shellTargets, sys.env[KEY_VARIABLE] === key, options.dotenv));
  return report;
}

/** The guided setup's steps (wizard/), loaded when a terminal run needs them. */
type Wizard = typeof import('../wizard/flow') & typeof import('../wizard/survey');
const loadWizard = async (): Promise<Wizard> => ({ ...(await import('../wizard/flow')), ...(await import('../wizard/survey')) });

const keyFlagGiven = (options: KeySourceOptions): boolean => Boolean(options.keyStdin) || options.fromEnv !== undefined || options.key !== undefined;

/** How many keys the wizard takes before it gives up on a key IonQ keeps rejecting. */
export const MAX_KEY_TRIES = 3;

/**
 * The key (flag ?? hidden prompt ?? CI's IONQ_API_KEY), checked with IonQ when asked to (default: in
 * the wizard). A key typed at the prompt that IonQ rejects is asked for again, up to MAX_KEY_TRIES;
 * when IonQ cannot be reached, the wizard offers to save anyway (unless --verify demanded a check).
 */
async function obtainCheckedKey(
  sys: System,
  ctx: Context,
  options: SetOptions,
  io: Interaction,
  wizard: Wizard | undefined,
  verifyByDefault: boolean,
  onKey: (key: string) => void,
): Promise<{ obtained: ObtainedKey; verified: VerifiedInfo | false | undefined }> {
  const fromPrompt = io.interactive && !keyFlagGiven(options);
  const verify = options.verify ?? verifyByDefault;
  for (let attempt = 1; ; attempt++) {
    const obtained = await obtainKey(sys, options, wizard ? () => wizard.askForKey(io) : undefined, ctx.ci !== undefined);
    onKey(obtained.key);
    if (!verify) return { obtained, verified: undefined };
    const masked = maskKey(obtained.key);
    let outcome: VerifyOutcome;
    if (wizard) outcome = await wizard.checkKeyWithIonq(sys, obtained.key, io);
    else {
      io.info('Checking the key with IonQ…\n');
      outcome = await (await import('../key/ionq-api')).verifyKey(sys, obtained.key);
    }
    switch (outcome.kind) {
      case 'valid': {
        const { kind: _kind, ...info } = outcome;
        if (io.interactive) io.info(`${io.colors.green('✔')} IonQ accepted the key ${masked}${describeIdentity(info)}.\n\n`);
        return { obtained, verified: info };
      }
      case 'invalid':
      case 'forbidden': {
        const why = outcome.kind === 'invalid'
          ? `IonQ rejected the key ${masked}: it is not valid, or it was revoked (HTTP 401).`
          : `IonQ recognised the key ${masked} but it is not permitted to use the API (HTTP 403).`;
        if (fromPrompt && attempt < MAX_KEY_TRIES) {
          const left = MAX_KEY_TRIES - attempt;
          io.info(`${io.colors.red('✖')} ${why}\n  Copy the key again from IonQ Quantum Cloud → API Keys (${left} ${left === 1 ? 'try' : 'tries'} left).\n`);
          continue;
        }
        throw new CliError(outcome.kind === 'invalid' ? 'KEY_REJECTED' : 'KEY_FORBIDDEN', `${why} Nothing was saved.`, {
          exitCode: ExitCode.rejected,
          hint: outcome.kind === 'invalid' ? 'Create a new key in IonQ Quantum Cloud → API Keys, and copy it whole.' : 'Check the key\'s project and permissions in IonQ Quantum Cloud.',
        });
      }
      case 'unavailable': {
        const unverified = new CliError('VERIFY_UNAVAILABLE', `Could not verify the key: ${outcome.reason}. Nothing was saved.`, {
          exitCode: ExitCode.unverified,
          hint: 'Try again later, or save without checking: --no-verify.',
        });
        // --verify on the command line means the check is required; the wizard's own check is not.
        if (!io.interactive || options.verify !== undefined) throw unverified;
        io.info(`${io.colors.yellow('!')} Could not check the key with IonQ: ${outcome.reason}.\n`);
        if (await io.asker().confirm(`Save the key ${masked} anyway, without checking it?`, true)) return { obtained, verified: false };
        throw unverified;
      }
    }
  }
}

function describeIdentity(info: VerifiedInfo): string {
  const parts = [info.keyName ? `key "${info.keyName}"` : '', info.projectName ?? info.projectId ? `project ${info.projectName ?? info.projectId}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
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
