// Pieces several commands share: masked diffs and target reports.
import type { Change, FileChange } from '../core/plan';
import type { TargetReport, TargetStatus } from '../core/report';
import type { ShellTarget } from '../targets/shell/locate';
import { unifiedDiff } from '../rcfile/diff';
import { maskAssignmentLine } from '../rcfile/assignments';
import { unquote } from '../rcfile/quote';
import { maskKey } from '../key/mask';
import { looseUnquote } from '../rcfile/assignments';
import type { Dialect } from '../rcfile/dialect';

/** Shows every assignment's value masked, whatever dialect wrote it. */
function maskLineFor(dialect: Dialect | undefined) {
  return (line: string): string =>
    maskAssignmentLine(line, (raw) => maskKey((dialect ? unquote(dialect, raw) : undefined) ?? looseUnquote(raw)));
}

export function diffOf(change: FileChange, label: string): string {
  // The key file and history files are shown by their masks only: every line of the key file is the key.
  if (change.target === 'key-file') return unifiedDiff(label, change.file.content, change.after, (line) => (line === '' ? line : maskKey(line)));
  return unifiedDiff(label, change.file.content, change.after, maskLineFor(change.dialect));
}

const WOULD: Partial<Record<string, TargetStatus>> = { created: 'would-create', updated: 'would-update', removed: 'would-remove' };

export function targetReport(change: Change, status: string, label: (file: string) => string, shells?: ShellTarget, dryRun = false): TargetReport {
  const finalStatus = (dryRun ? WOULD[status] ?? status : status) as TargetStatus;
  const base: TargetReport = { kind: change.target, status: finalStatus };
  if (change.kind === 'file') {
    base.path = change.file.path;
    if (change.shell) base.shell = change.shell;
    if (shells && shells.alsoFor.length > 0) base.shells = [shells.shell, ...shells.alsoFor];
    // History lines are never shown, not even masked: a line may hold a key in a form no mask recognises.
    if (dryRun && status !== 'unchanged' && change.target !== 'history') base.diff = diffOf(change, label(change.file.path));
  }
  if (change.kind === 'append') base.path = change.path;
  return base;
}
