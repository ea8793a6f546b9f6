// Human-readable text for a CommandReport or an error. Pure: returns strings, prints nothing.
import type { Colors } from '../platform/color';
import type { CommandReport, TargetReport } from '../core/report';
import type { Warning } from '../core/plan';
import type { CliError } from '../platform/errors';
import { describeIdentity } from '../key/verification';
import { KEYCHAIN_ITEM } from '../targets/shell/keychain';

const STATUS_WORD: Record<string, string> = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  removed: 'removed',
  'would-create': 'would be created',
  'would-update': 'would be updated',
  'would-remove': 'would be removed',
};

const TARGET_NAME: Partial<Record<string, string>> = {
  github: 'GitHub Actions ($GITHUB_ENV)',
  azure: 'Azure Pipelines (secret variable)',
  circleci: 'CircleCI ($BASH_ENV)',
  dotenv: 'dotenv file',
  'key-file': 'key file',
  keychain: 'OS keychain',
  history: 'history',
};

function targetName(t: TargetReport): string {
  if (t.kind === 'shell') return (t.shells ?? (t.shell ? [t.shell] : ['shell'])).join(', ');
  if (t.kind === 'windows') return 'Windows user environment';
  return TARGET_NAME[t.kind] ?? t.kind;
}

function renderTargets(report: CommandReport, c: Colors, label: (file: string) => string): string {
  const lines: string[] = [];
  for (const t of report.targets) {
    const mark = t.status === 'unchanged' ? c.dim('·') : t.status.startsWith('would') ? c.cyan('~') : c.green('✔');
    const where = t.path ? label(t.path) : t.kind === 'windows' ? 'HKCU\\Environment' : t.kind === 'keychain' ? `item ${KEYCHAIN_ITEM}` : '';
    const store = t.store === 'separate' ? c.dim('  (loads the key file)') : t.store === 'keychain' ? c.dim('  (reads the OS keychain)') : '';
    lines.push(`${mark} ${c.bold(targetName(t))}${where ? `  ${where}` : ''}  ${STATUS_WORD[t.status] ?? t.status}${store}`);
    if (t.diff) lines.push(t.diff.split('\n').map((l) => '    ' + colorDiffLine(l, c)).join('\n'));
  }
  return lines.join('\n');
}

function colorDiffLine(line: string, c: Colors): string {
  if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
  if (line.startsWith('+')) return c.green(line);
  if (line.startsWith('-')) return c.red(line);
  if (line.startsWith('@@')) return c.cyan(line);
  return line;
}

export function renderHuman(report: CommandReport, c: Colors, label: (file: string) => string): string {
  const out: string[] = [];
  if (report.key) {
    const verified = report.key.verified;
    let line = `IONQ_API_KEY ${report.key.masked}`;
    if (verified) line += ` — ${c.green('accepted by IonQ')}: ${describeIdentity(verified)}`;
    out.push(line);
  }
  if (report.dryRun) out.push(c.yellow('Dry run: nothing was changed.'));
  const targets = renderTargets(report, c, label);
  if (targets) out.push(targets);
  if (report.next.length > 0) out.push('', ...report.next);
  return out.join('\n') + '\n';
}

export function renderWarnings(warnings: readonly Warning[], c: Colors): string {
  return warnings.map((w) => `${c.yellow('!')} ${w.message}\n`).join('');
}

export function renderError(error: CliError, c: Colors): string {
  return `${c.red('✖')} ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`;
}
