// What commands return, and its --json form. Commands never print their outcome: the session
// (cli/session.ts) does, through render/ for people and toJson here.
import type { ShellName } from '../detect/shell';
import type { TargetKind, Warning } from './plan';
import type { ExitCodeValue } from '../platform/errors';
import type { KeyIdentity } from '../key/ionq-api';

export type TargetStatus = 'created' | 'updated' | 'unchanged' | 'removed' | 'would-create' | 'would-update' | 'would-remove';

export interface TargetReport {
  kind: TargetKind;
  shell?: ShellName;
  /** Every shell that reads this file (sh and ksh share ~/.profile). */
  shells?: ShellName[];
  path?: string;
  status: TargetStatus;
  /** Shell files: whether the block holds the key (inline) or loads the key file (separate). */
  store?: 'inline' | 'separate' | 'keychain';
  /** A masked diff of the file (dry runs). */
  diff?: string;
}

export interface CommandReport {
  ok: true;
  command: string;
  key?: { masked: string; source?: string; verified?: KeyIdentity | false };
  targets: TargetReport[];
  warnings: Warning[];
  /** Lines for people: how to load the key now, what to do next. Not part of --json. */
  next: string[];
  dryRun?: boolean;
  /** Extra structured data of a command (status, verify). */
  data?: Record<string, unknown>;
  /** A non-zero exit code for a command that ran but found a problem (status: no key, keys disagree). Not part of --json. */
  exitCode?: ExitCodeValue;
}

export interface ErrorReport {
  ok: false;
  error: { code: string; message: string; hint?: string };
}

export function toJson(report: CommandReport | ErrorReport): string {
  if (!report.ok) return JSON.stringify(report, null, 2) + '\n';
  const { next: _next, exitCode: _exitCode, ...rest } = report;
  return JSON.stringify(rest, null, 2) + '\n';
}
