// `ionq-env-setup status`: detect (read every place a key can be defined) → diagnose (pure) → optionally
// verify the effective key → report. Changes nothing. Exit 0: one key, set consistently; 1: none or several.
import type { System } from '../platform/system';
import type { Interaction } from '../core/interaction';
import { detectContext } from '../core/context';
import { knownKeys, scanKeyPlaces, type Definition, type KeyScan } from '../inventory/scan';
import { diagnose } from '../inventory/diagnose';
import { apiBase, verifyKey } from '../key/ionq-api';
import { identityOf, verificationFailure } from '../key/verification';
import { ExitCode, type ExitCodeValue } from '../platform/errors';
import type { CommandReport } from '../core/report';
import type { KeyIdentity } from '../key/ionq-api';
import type { Context } from '../core/context';
import { hygieneDiagnoses, type GitFinding, type HistoryFinding, type KeyFileFinding } from '../inventory/hygiene';
import { keychainOf, placesOf, type StatusData } from '../inventory/status-report';
import { keyForms, scanHistory } from '../history/scan';
import { committedWithKey, findWorkTree, isTracked } from '../git/work-tree';

export interface StatusOptions {
  verify?: boolean | undefined;
}

/** Shell files that hold a literal key, inside a git work tree: tracked? do its commits hold the key? */
async function gitFindings(ctx: Context, scan: KeyScan): Promise<GitFinding[]> {
  const out: GitFinding[] = [];
  for (const file of scan.files) {
    const inline = file.definitions.filter((d) => d.value !== undefined && !d.keyFile && !d.keychain);
    if (inline.length === 0 || !file.state.exists) continue;
    const repo = await findWorkTree(ctx.sys.fs, file.state.realPath);
    if (repo === undefined) continue;
    const tracked = await isTracked(ctx.sys.run, repo, file.state.realPath);
    const forms = inline.flatMap((d) => keyForms(d.value!));
    const committed = tracked === undefined ? undefined : await committedWithKey(ctx.sys.run, repo, file.state.realPath, forms);
    out.push({ path: file.state.path, shells: file.shells, repo, tracked, committed, managed: inline.some((d) => d.managed) });
  }
  return out;
}

function keyFileFinding(scan: KeyScan): KeyFileFinding | undefined {
  if (!scan.keyFile) return undefined;
  const loadedBy = scan.files.filter((f) => f.store === 'separate').map((f) => f.state.path);
  return { path: scan.keyFile.state.path, exists: scan.keyFile.state.exists, mode: scan.keyFile.state.mode, loadedBy };
}

const describe = (d: Definition, label: (file: string) => string): string =>
  d.kind === 'environment' ? `$${d.variable}` : d.kind === 'windows' ? 'the Windows user environment' : `${label(d.path!)}:${d.line}`;

export async function runStatus(sys: System, options: StatusOptions, io: Interaction): Promise<CommandReport> {
  const ctx = await detectContext(sys);
  const scan = await scanKeyPlaces(ctx);
  const findings = diagnose({ scan, os: ctx.os, loginShell: ctx.loginShell.shell, label: ctx.label });

  const git = await gitFindings(ctx, scan);
  const history: HistoryFinding[] = (await scanHistory(ctx, knownKeys(scan)))
    .filter((h) => h.entries.length > 0)
    .map((h) => ({ path: h.state.path, format: h.file.format, lines: h.entries.length, holdsKey: h.holdsKey, assignsLiteral: h.assignsLiteral }));
  const keyFile = keyFileFinding(scan);
  const keychain = keychainOf(scan);
  findings.diagnoses.push(...hygieneDiagnoses({ git, history, keyFile, keychain, label: ctx.label }));

  const data: StatusData = {
    state: findings.state,
    places: placesOf(scan, findings),
    loginShell: ctx.os === 'windows' ? 'windows' : ctx.loginShell.shell,
    git,
    history,
    ...(keyFile ? { keyFile } : {}),
    ...(keychain ? { keychain } : {}),
  };
  if (findings.newTerminal) {
    const n = findings.newTerminal;
    data.newTerminal = { kind: n.kind, masked: n.masked, ...(n.path ? { path: n.path } : {}), ...(n.line ? { line: n.line } : {}) };
  }

  let exitCode: ExitCodeValue = findings.state === 'consistent' ? ExitCode.ok : ExitCode.failed;
  let verified: KeyIdentity | false | undefined;
  const effective = findings.effective;
  if (options.verify && effective) {
    if (effective.value === undefined) {
      data.verification = { result: 'unavailable', message: `${describe(effective, ctx.label)} is computed by the shell, so it cannot be checked here; run: ionq-env-setup verify (in a new terminal)` };
      exitCode = ExitCode.unverified;
    } else {
      io.info(`Checking the key ${effective.masked} with IonQ (${apiBase(sys.env)})…\n`);
      const outcome = await verifyKey(sys, effective.value);
      if (outcome.kind === 'valid') {
        verified = identityOf(outcome);
        data.verification = { result: 'valid' };
      } else {
        verified = false;
        const failure = verificationFailure(outcome, effective.masked, sys.env, 'checking');
        data.verification = { result: outcome.kind, message: failure.message, ...(failure.hint ? { hint: failure.hint } : {}) };
        exitCode = failure.exitCode;
      }
    }
  }

  return {
    ok: true,
    command: 'status',
    ...(effective
      ? { key: { masked: effective.masked, source: describe(effective, ctx.label), ...(verified !== undefined ? { verified } : {}) } }
      : {}),
    targets: [],
    warnings: findings.diagnoses.map((d) => ({
      code: d.code,
      level: d.level,
      message: d.message,
      fix: d.fix,
      ...(d.path ? { path: d.path } : {}),
      ...(d.line ? { line: d.line } : {}),
    })),
    next: findings.state === 'none' ? [] : [`Change it with: npx ionq-env-setup · remove it with: npx ionq-env-setup remove`],
    data,
    exitCode,
  };
}

