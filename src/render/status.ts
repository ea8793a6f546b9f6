// Human-readable text for `status` and `verify`. Pure: returns strings, prints nothing.
import type { Colors } from '../platform/color';
import type { CommandReport } from '../core/report';
import { describeIdentity } from '../key/verification';
import type { PlaceReport, StatusData } from '../inventory/status-report';
import { KEYCHAIN_ITEM } from '../targets/shell/keychain';

export function renderVerify(report: CommandReport, c: Colors): string {
  const key = report.key!;
  const identity = key.verified ? describeIdentity(key.verified) : '';
  return `${c.green('✔')} valid: ${identity} — ${key.masked}${key.source ? ` from ${key.source}` : ''}\n`;
}

const HEADINGS: Record<PlaceReport['kind'], string> = {
  environment: 'This terminal',
  file: 'Shell startup files',
  windows: 'Windows user environment (HKCU\\Environment)',
  dotenv: '.env in this folder (qiskit-ionq reads it, and it wins over the environment)',
};

function placeLine(p: PlaceReport, c: Colors, label: (file: string) => string): string {
  const where = p.path ? `${label(p.path)}:${p.line}` : p.variable;
  const what = p.path ? `${p.variable} ${p.masked}` : p.masked;
  const notes: string[] = [];
  if (p.keyLetter) notes.push(c.bold(`key ${p.keyLetter}`));
  if (p.kind === 'file' || p.kind === 'dotenv') notes.push(p.managed ? (p.keyFile ? `ionq-env-setup block, loads ${label(p.keyFile)}` : p.store === 'keychain' ? 'ionq-env-setup block, reads the OS keychain' : 'ionq-env-setup block') : 'your own line');
  if (p.shells && p.shells.length > 0) notes.push(`read by ${p.shells.join(', ')}`);
  if (p.overridden) notes.push(c.dim('overridden later in the file'));
  return `  ${where.padEnd(34)} ${what}${notes.length > 0 ? `   ${c.dim('(')}${notes.join(c.dim(', '))}${c.dim(')')}` : ''}`;
}

export function renderStatus(report: CommandReport, c: Colors, label: (file: string) => string): string {
  const data = report.data as StatusData;
  const out: string[] = [];
  const key = report.key;
  if (data.state === 'none') out.push(`${c.red('✖')} IONQ_API_KEY is not set.`);
  else if (data.state === 'disagree') out.push(`${c.red('✖')} IONQ_API_KEY: different keys are set in different places.`);
  else out.push(`${c.green('✔')} IONQ_API_KEY ${key?.masked ?? ''}: the same key everywhere it is set.`);
  if (data.newTerminal) {
    const n = data.newTerminal;
    out.push(`  New ${data.loginShell === 'windows' ? 'programs' : `${data.loginShell} terminals`} get ${n.masked}${n.path ? ` (from ${label(n.path)}:${n.line})` : ''}.`);
  }
  if (data.verification) {
    const v = data.verification;
    if (v.result === 'valid' && key?.verified) out.push(`  ${c.green('✔')} IonQ accepts ${key.masked}: ${describeIdentity(key.verified)}.`);
    else out.push(`  ${c.red('✖')} ${v.message ?? v.result}`, ...(v.hint ? [`    ${v.hint}`] : []));
  }

  for (const kind of ['environment', 'file', 'windows', 'dotenv'] as const) {
    const places = data.places.filter((p) => p.kind === kind);
    if (places.length === 0) continue;
    out.push('', c.bold(HEADINGS[kind]), ...places.map((p) => placeLine(p, c, label)));
  }
  if (data.keychain) {
    const k = data.keychain;
    const state = k.readable ? `${k.masked}, readable now` : `${c.red('not readable now')}: ${k.reason}`;
    const by = k.shells.length > 0 ? `loaded by ${k.shells.join(', ')} (${k.loadedBy.map(label).join(', ')})` : `loaded by ${k.loadedBy.map(label).join(', ')}`;
    out.push('', c.bold(`OS keychain (item ${KEYCHAIN_ITEM})`), `  keychain  ${state}   ${c.dim('(')}${by}${c.dim(')')}`);
  }

  const problems = report.warnings.filter((w) => w.level !== 'note');
  const notes = report.warnings.filter((w) => w.level === 'note');
  if (problems.length > 0 || notes.length > 0) out.push('');
  for (const w of problems) out.push(`${c.yellow('!')} ${w.message}`, ...(w.fix ? [`    ${c.cyan('fix:')} ${w.fix}`] : []));
  for (const w of notes) out.push(`${c.dim('•')} ${w.message}`, ...(w.fix ? [`    ${w.fix}`] : []));
  if (report.next.length > 0) out.push('', ...report.next);
  return out.join('\n') + '\n';
}
