// Reads the usual history files and finds the entries that expose a key (status counts them,
// scrub-history removes them). Values are only compared; nothing here is ever printed.
import type { Context } from '../core/context';
import { readFileState, type FileState } from '../rcfile/file-state';
import { quote } from '../rcfile/quote';
import { DIALECTS } from '../rcfile/dialect';
import { historyFiles, type HistoryFile } from './files';
import { splitHistory, withoutEntries, type HistoryEntry, type HistoryFormat } from './formats';
import { exposure } from './secrets';

export interface HistoryExposure {
  file: HistoryFile;
  state: FileState;
  /** The entries to remove, in file order. */
  entries: HistoryEntry[];
  /** How many of them hold a known key's value. */
  holdsKey: number;
  /** How many give a key variable a literal value (a key not otherwise known). */
  assignsLiteral: number;
}

/** A key as it appears in text: itself, and as each shell quotes it (a key with `'` is written escaped). */
export function keyForms(key: string): string[] {
  return [...new Set([key, ...DIALECTS.map((d) => quote(d, key))])];
}

/** The entries of one history file that expose a key (pure). */
export function exposingEntries(format: HistoryFormat, content: string, keys: readonly string[]): Omit<HistoryExposure, 'file' | 'state'> {
  const entries: HistoryEntry[] = [];
  let holdsKey = 0;
  let assignsLiteral = 0;
  for (const entry of splitHistory(format, content)) {
    const why = exposure(entry.command, keys);
    if (why === undefined) continue;
    entries.push(entry);
    if (why === 'holds-key') holdsKey++;
    else assignsLiteral++;
  }
  return { entries, holdsKey, assignsLiteral };
}

/** The history file's bytes without the exposing entries (pure); every other byte is kept. */
export function scrubbed(format: HistoryFormat, content: string, keys: readonly string[]): string {
  return withoutEntries(content, exposingEntries(format, content, keys).entries);
}

/** Reads each existing history file (each real file once) and finds its exposing entries. */
export async function scanHistory(ctx: Context, keys: readonly string[]): Promise<HistoryExposure[]> {
  const out: HistoryExposure[] = [];
  const seen = new Set<string>();
  for (const file of historyFiles(ctx.home, ctx.sys.env, ctx.sys.platform, ctx.loginShell.shell)) {
    const state = await readFileState(ctx.sys.fs, file.path);
    if ((!state.exists && !state.problem) || seen.has(state.realPath)) continue;
    seen.add(state.realPath);
    const found = state.content === null ? { entries: [], holdsKey: 0, assignsLiteral: 0 } : exposingEntries(file.format, state.content, keys);
    out.push({ file, state, ...found });
  }
  return out;
}
