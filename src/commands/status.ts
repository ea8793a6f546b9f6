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
}

export interface StatusData extends Record<string, unknown> {
  state: StatusFindings['state'];
  places: PlaceReport[];
  /** What new terminals of the login shell (Windows: new programs) get. */
  newTerminal?: { masked: string; path?: string; line?: number; kind: Definition['kind'] };
  loginShell: string;
  verification?: { result: 'valid' | 'invalid' | 'forbidden' | 'unavailable'; message?: string };
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

  const data: StatusData = {
    state: findings.state,
    places: placesOf(scan, findings),
    loginShell: ctx.os === 'windows' ? 'windows' : ctx.loginShell.shell,
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

