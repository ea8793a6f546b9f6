// `ionq-env-setup status`: detect (read every place a key can be defined) → diagnose (pure) → optionally
// verify the effective key → report. Changes nothing. Exit 0: one key, set consistently; 1: none or several.
import type { System } from '../system';
import type { Interaction } from './interaction';
import { detectContext } from './context';
import { scanKeyPlaces, type Definition, type KeyScan } from './key-scan';
import { diagnose, type StatusFindings } from './status-diagnose';
import { checkWithIonq } from './verify';
import { CliError, ExitCode, type ExitCodeValue } from '../errors';
import type { CommandReport, VerifiedInfo } from '../report';
import type { Context } from './context';
import { hygieneDiagnoses, type GitFinding, type HistoryFinding, type KeyFileFinding } from './status-hygiene';
import { keyForms, knownKeys, scanHistory } from '../history/scan';
import { committedWithKey, findWorkTree, isTracked } from '../git/work-tree';

export interface StatusOptions {
  verify?: boolean | undefined;
}

/** One definition as reported (masked; the value itself never leaves this module). */
export interface PlaceReport {
  kind: Definition['kind'];
  variable: string;
  masked: string;
  path?: string;
  line?: number;
  /** Inside the ionq-env-setup block. */
  managed?: boolean;
  /** Shells whose new terminals read this file. */
  shells?: string[];
  /** A later line of the same file sets the variable again. */
  overridden?: boolean;
  /** Which distinct key this is (A, B…), when places disagree. */
  keyLetter?: string;
  /** The tool's block: holds the key (inline) or loads the key file (separate). */
  store?: 'inline' | 'separate';
  /** The key file a separate block loads. */
  keyFile?: string;
}

export interface StatusData extends Record<string, unknown> {
  state: StatusFindings['state'];
  places: PlaceReport[];
  /** What new terminals of the login shell (Windows: new programs) get. */
  newTerminal?: { masked: string; path?: string; line?: number; kind: Definition['kind'] };
  loginShell: string;
  verification?: { result: 'valid' | 'invalid' | 'forbidden' | 'unavailable'; message?: string };
  /** Files of a git repository that hold a key inline. */
  git: GitFinding[];
  /** History files with lines that expose a key (counts only). */
  history: HistoryFinding[];
  keyFile?: KeyFileFinding;
}

/** Shell files that hold a literal key, inside a git work tree: tracked? do its commits hold the key? */
async function gitFindings(ctx: Context, scan: KeyScan): Promise<GitFinding[]> {
  const out: GitFinding[] = [];
  for (const file of scan.files) {
    const inline = file.definitions.filter((d) => d.value !== undefined && !d.keyFile);
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

export function placesOf(scan: KeyScan, findings: StatusFindings): PlaceReport[] {
  const out: PlaceReport[] = [];
  const add = (d: Definition, extra: Partial<PlaceReport> = {}): void => {
    const letter = findings.keyLetter(d.value);
    out.push({
      kind: d.kind,
      variable: d.variable,
      masked: d.masked,
      ...(d.path ? { path: d.path } : {}),
      ...(d.line ? { line: d.line } : {}),
      ...(d.kind === 'file' || d.kind === 'dotenv' ? { managed: d.managed } : {}),
      ...(d.kind === 'file' && d.managed ? { store: d.keyFile ? ('separate' as const) : ('inline' as const) } : {}),
      ...(d.keyFile ? { keyFile: d.keyFile } : {}),
      ...extra,
      ...(letter ? { keyLetter: letter } : {}),
    });
  };
  for (const d of scan.environment) add(d);
  for (const file of scan.files) {
    file.definitions.forEach((d, i) => {
      const overridden = file.definitions.slice(i + 1).some((later) => later.variable === d.variable);
      add(d, { shells: file.shells, ...(overridden ? { overridden } : {}) });
    });
  }
  for (const d of scan.windows ?? []) add(d);
  if (scan.dotenv) {
    scan.dotenv.definitions.forEach((d, i) => {
      const overridden = scan.dotenv!.definitions.slice(i + 1).some((later) => later.variable === d.variable);
      add(d, overridden ? { overridden } : {});
    });
  }
  return out;
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
  findings.diagnoses.push(...hygieneDiagnoses({ git, history, keyFile, label: ctx.label }));

  const data: StatusData = {
    state: findings.state,
    places: placesOf(scan, findings),
    loginShell: ctx.os === 'windows' ? 'windows' : ctx.loginShell.shell,
    git,
    history,
    ...(keyFile ? { keyFile } : {}),
  };
  if (findings.newTerminal) {
    const n = findings.newTerminal;
    data.newTerminal = { kind: n.kind, masked: n.masked, ...(n.path ? { path: n.path } : {}), ...(n.line ? { line: n.line } : {}) };
  }

  let exitCode: ExitCodeValue = findings.state === 'consistent' ? ExitCode.ok : ExitCode.failed;
  let verified: VerifiedInfo | false | undefined;
  const effective = findings.effective;
  if (options.verify && effective) {
    if (effective.value === undefined) {
      data.verification = { result: 'unavailable', message: `${describe(effective, ctx.label)} is computed by the shell, so it cannot be checked here; run: ionq-env-setup verify (in a new terminal)` };
      exitCode = ExitCode.unverified;
    } else {
      try {
        verified = await checkWithIonq(sys, effective.value, io);
        data.verification = { result: 'valid' };
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        verified = false;
        const result = error.code === 'KEY_REJECTED' ? 'invalid' : error.code === 'KEY_FORBIDDEN' ? 'forbidden' : 'unavailable';
        data.verification = { result, message: error.message };
        exitCode = error.exitCode;
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

