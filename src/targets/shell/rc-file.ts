// Planning the key's block in one rc file: pure functions from a FileState to a FileChange. Lines the
// user wrote are edited only when the user said so (removeHandWritten); otherwise they are reported.
import type { ShellName } from '../../detect/shell';
import type { Dialect } from '../../rcfile/dialect';
import { CREATED_NOTE, detectEol, removeBlock, renderBlock, scanBlock, upsertBlock, withoutLines, type EditStatus, type Eol } from '../../rcfile/block';
import { findAssignments, literalValue, maskedValue, type Assignment } from '../../rcfile/assignments';
import type { FileState } from '../../rcfile/file-state';
import { maskKey } from '../../key/mask';
import { KEY_VARIABLE, SHADOWING_VARIABLES } from '../../key/variables';
import type { Conflict, FileChange, TargetKind, Warning } from '../../core/plan';
import { failure } from '../../platform/errors';
import { keyInBlock, storeOfBlock, type BodyLines } from './block-body';

export interface RcTarget {
  target: TargetKind;
  shell?: ShellName;
  dialect: Dialect;
  file: FileState;
  /** How the path is shown to the user (~ for home). */
  label: string;
}

export interface SetInFileResult {
  change: FileChange;
  warnings: Warning[];
  conflict?: Conflict;
}

/** Shells read rc files line by line; a CR before LF would end up in the key. PowerShell copes with CRLF. */
const blockEol = (dialect: Dialect, content: string): Eol => (dialect === 'pwsh' ? detectEol(content) : '\n');

function assertUsable(t: RcTarget): void {
  if (t.file.problem) throw failure('FILE_UNUSABLE', `Cannot use ${t.label}: ${t.file.problem}.`);
}

/** Whether the file's current block says the tool created the file (kept across updates). */
function blockSaysCreated(content: string | null): boolean {
  if (content === null) return true;
  const scan = scanBlock(content);
  return scan.kind === 'one' && scan.block.body.some((l) => l.text.trim() === CREATED_NOTE);
}

/** Assignments of key variables outside the tool's block. */
function unmanagedAssignments(text: string): Assignment[] {
  const scan = scanBlock(text);
  return findAssignments(text, scan.kind === 'one' ? { from: scan.block.beginLine, to: scan.block.endLine } : undefined);
}

/**
 * The IONQ_API_KEY lines the user wrote that hold a key in plain text (the whole line one assignment of a
 * literal value): the lines `--remove-hand-written` deletes. A value the shell computes (`$(pass …)`) is
 * not a key in plain text and is never deleted.
 */
export function handWrittenKeyLines(text: string, dialect: Dialect): Assignment[] {
  return unmanagedAssignments(text).filter((a) => a.name === KEY_VARIABLE && literalValue(dialect, a.rawValue) !== undefined);
}

const withoutHandWritten = (text: string, dialect: Dialect): string => withoutLines(text, handWrittenKeyLines(text, dialect).map((a) => a.line));

/**
 * Plans writing `body` into the file; `key` is what the block must end up holding (for conflicts).
 * With `removeHandWritten` the user's own IONQ_API_KEY lines in the file go too.
 */
export function planSetInFile(t: RcTarget, key: string | undefined, body: BodyLines, removeHandWritten = false): SetInFileResult {
  assertUsable(t);
  const content = t.file.content ?? '';
  const scan = scanBlock(content);
  if (scan.kind === 'broken') {
    throw failure(
      'BROKEN_BLOCK',
      `${t.label} has ${scan.reason} (line ${scan.line}); the file was left alone.`,
      `Edit ${t.label} so that its "# >>> ionq-env-setup >>>" and "# <<< ionq-env-setup <<<" lines form one pair (or delete them), then run this again.`,
    );
  }
  let conflict: Conflict | undefined;
  // A block that loads the key from elsewhere holds no key: a different key there is that store's conflict.
  if (scan.kind === 'one' && key !== undefined && storeOfBlock(scan.block.body) === 'inline') {
    const existing = keyInBlock(t.dialect, scan.block.body);
    if (existing !== undefined && existing !== key) conflict = { where: t.label, existingMasked: maskKey(existing) };
    if (existing === undefined && scan.block.body.some((l) => l.text.includes(KEY_VARIABLE))) conflict = { where: t.label, existingMasked: '(unreadable)' };
  }
  const replan = (current: string | null): { after: string; status: EditStatus } | undefined => {
    const text = current === null ? '' : removeHandWritten ? withoutHandWritten(current, t.dialect) : current;
    const eol = blockEol(t.dialect, text);
    const edit = upsertBlock(text, renderBlock(body(current === null || blockSaysCreated(current)), eol), eol);
    if (!edit) return undefined;
    return { after: edit.text, status: current === null ? 'created' : edit.text === current ? 'unchanged' : 'updated' };
  };
  const planned = replan(t.file.content)!;
  return { change: fileChange(t, planned, replan), warnings: fileWarnings(t, planned.after), ...(conflict ? { conflict } : {}) };
}

/** The change to `t`'s file from its planned bytes; a new file is made readable by its owner only. */
function fileChange(t: RcTarget, planned: { after: string | null; status: EditStatus }, replan: NonNullable<FileChange['replan']>): FileChange {
  return {
    kind: 'file',
    target: t.target,
    ...(t.shell ? { shell: t.shell } : {}),
    dialect: t.dialect,
    file: t.file,
    after: planned.after,
    status: planned.status,
    mode: t.file.mode ?? 0o600,
    replan,
  };
}

/**
 * Plans a file the shell reads besides the one with the block: without the user's IONQ_API_KEY lines when
 * `remove` (an unchanged change when there are none), else only the warnings about them.
 */
export function planHandWrittenLines(t: RcTarget, remove: boolean, readAfterBlock: boolean): { change?: FileChange; warnings: Warning[] } {
  if (t.file.problem || t.file.content === null) return { warnings: [] };
  const lines = handWrittenKeyLines(t.file.content, t.dialect);
  if (lines.length === 0) return { warnings: [] };
  if (!remove) return { warnings: lines.map((a) => handWrittenWarning(t, a, readAfterBlock)) };
  const replan = (current: string | null): { after: string | null; status: EditStatus } => {
    if (current === null) return { after: null, status: 'unchanged' };
    const after = withoutHandWritten(current, t.dialect);
    return { after, status: after === current ? 'unchanged' : 'updated' };
  };
  return { change: fileChange(t, replan(t.file.content), replan), warnings: [] };
}

function handWrittenWarning(t: RcTarget, a: Assignment, afterBlock: boolean): Warning {
  const masked = maskedValue(t.dialect, a.rawValue);
  return afterBlock
    ? {
        code: 'OVERRIDDEN_LATER',
        message: `${t.label}:${a.line} sets ${KEY_VARIABLE} (${masked}) on a line you wrote, read after the ionq-env-setup block, so the shell ends up with that value. Delete it (--remove-hand-written does) to use the new key.`,
        path: t.file.path,
        line: a.line,
      }
    : {
        code: 'HAND_WRITTEN_KEY',
        message: `${t.label}:${a.line} sets ${KEY_VARIABLE} (${masked}) on a line you wrote: the block wins over it, but the file still holds that key in plain text. Delete it (--remove-hand-written does).`,
        path: t.file.path,
        line: a.line,
      };
}

/** Plans taking the block out; a file the tool created and that is left empty is deleted. */
export function planRemoveFromFile(t: RcTarget): { change: FileChange; warnings: Warning[] } {
  assertUsable(t);
  const replan = (current: string | null): { after: string | null; status: EditStatus } | undefined => {
    if (current === null) return { after: null, status: 'unchanged' };
    const edit = removeBlock(current);
    if (!edit) return undefined;
    if (edit.status === 'unchanged') return { after: current, status: 'unchanged' };
    return { after: edit.wasCreated && edit.text.length === 0 ? null : edit.text, status: 'removed' };
  };
  const planned = replan(t.file.content);
  if (!planned) {
    const scan = scanBlock(t.file.content ?? '');
    const where = scan.kind === 'broken' ? ` (${scan.reason}, line ${scan.line})` : '';
    throw failure('BROKEN_BLOCK', `${t.label} has broken ionq-env-setup markers${where}; the file was left alone.`, 'Fix or delete the marker lines by hand, then run this again.');
  }
  const change = fileChange(t, planned, replan);
  const remaining = planned.after === null ? [] : unmanagedAssignments(planned.after);
  return {
    change,
    warnings: remaining
      .filter((a) => a.name === KEY_VARIABLE)
      .map((a) => ({
        code: 'UNMANAGED_LEFT',
        message: `${t.label}:${a.line} sets ${a.name} (${maskedValue(t.dialect, a.rawValue)}) on a line this tool did not write; it was left alone.`,
        path: t.file.path,
        line: a.line,
      })),
  };
}

/** Warnings about a file that will hold the key: the user's own key lines, shadowing variables, loose permissions. */
function fileWarnings(t: RcTarget, after: string): Warning[] {
  const warnings: Warning[] = [];
  const scan = scanBlock(after);
  const blockEnd = scan.kind === 'one' ? scan.block.endLine : Number.POSITIVE_INFINITY;
  for (const a of unmanagedAssignments(after)) {
    if (a.name === KEY_VARIABLE) {
      const literal = literalValue(t.dialect, a.rawValue) !== undefined;
      // An earlier line the block overrides matters only while it holds a key in plain text.
      if (a.line > blockEnd || literal) warnings.push(handWrittenWarning(t, a, a.line > blockEnd));
    }
    const shadow = SHADOWING_VARIABLES.find((v) => v.name === a.name);
    if (shadow) {
      warnings.push({
        code: 'SHADOWING_VARIABLE',
        message: `${t.label}:${a.line} sets ${a.name}, which ${shadow.sdk} reads ${shadow.readFirst ? 'before' : 'instead of'} ${KEY_VARIABLE}. Remove it unless you mean to use a different key there.`,
        path: t.file.path,
        line: a.line,
      });
    }
  }
  if (t.file.exists && t.file.mode !== undefined && (t.file.mode & 0o077) !== 0 && holdsSecret(after, t.dialect)) {
    warnings.push({
      code: 'FILE_READABLE_BY_OTHERS',
      message: `${t.label} can be read by other users of this machine (mode ${(t.file.mode & 0o777).toString(8)}); run: chmod 600 ${t.label}`,
      path: t.file.path,
    });
  }
  if (t.file.isSymlink) {
    warnings.push({
      code: 'SYMLINK_TARGET',
      message: `${t.label} is a link; the ${holdsSecret(after, t.dialect) ? 'key' : 'block that loads the key'} is written to the file it points to, ${t.file.realPath}.`,
      path: t.file.path,
    });
  }
  return warnings;
}

/**
 * Whether a file's text holds a key: an assignment of a literal outside the block, or a block that holds
 * the key itself (one that loads it from the key file or the keychain holds no secret).
 */
export function holdsSecret(text: string, dialect: Dialect): boolean {
  const scan = scanBlock(text);
  if (scan.kind === 'one' && storeOfBlock(scan.block.body) === 'inline') return true;
  return unmanagedAssignments(text).some((a) => literalValue(dialect, a.rawValue) !== undefined);
}
