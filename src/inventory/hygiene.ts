// status's secret-hygiene findings (pure): a key inline in a file of a git repository (and whether its
// commits hold it), a separate key file that is missing or readable by others, and history files with
// lines that expose a key. Counts and paths only; never a line or a value.
import type { Diagnosis } from './diagnose';
import type { HistoryFormat } from '../history/formats';
import { KEY_VARIABLE } from '../key/variables';

export interface GitFinding {
  /** The rc file (as scanned) and the shells reading it. */
  path: string;
  shells: string[];
  repo: string;
  /** undefined: git could not be run. */
  tracked: boolean | undefined;
  committed: boolean | undefined;
  /** The key is in the tool's block (so `set --store separate` can move it). */
  managed: boolean;
}

export interface HistoryFinding {
  path: string;
  format: HistoryFormat;
  lines: number;
  holdsKey: number;
  assignsLiteral: number;
}

export interface KeyFileFinding {
  path: string;
  exists: boolean;
  mode: number | undefined;
  /** Files whose blocks load it. */
  loadedBy: string[];
}

export interface HygieneInput {
  git: GitFinding[];
  history: HistoryFinding[];
  keyFile: KeyFileFinding | undefined;
  /** The keychain item when a block reads it (status-report.ts keychainOf). */
  keychain?: { readable: boolean; reason?: string; loadedBy: string[] } | undefined;
  label: (file: string) => string;
}

export function hygieneDiagnoses(input: HygieneInput): Diagnosis[] {
  const { label } = input;
  const out: Diagnosis[] = [];
  for (const g of input.git) {
    const lbl = label(g.path);
    const repo = label(g.repo);
    const where = g.tracked === true ? `is tracked by the git repository ${repo}` : g.tracked === false ? `lies in the git repository ${repo} (not tracked yet)` : `lies in the git repository ${repo}`;
    const history =
      g.committed === true
        ? 'and its commits hold the key: anyone with a copy of the repository has it.'
        : g.committed === false
          ? 'no commit holds the key yet.'
          : 'git could not be asked whether a commit holds it.';
    const shell = g.shells[0] ? ` --shell ${g.shells[0]}` : '';
    const move = g.managed
      ? `Move the key out of it: npx ionq-env-setup --store separate${shell} (the block then only loads the key file)`
      : `Delete the ${KEY_VARIABLE} line you wrote there and save the key with: npx ionq-env-setup --store separate${shell}`;
    out.push({
      code: 'INLINE_IN_GIT',
      level: g.tracked === false && g.committed !== true ? 'note' : 'problem',
      message: `${lbl} holds a key inline and ${where}${g.committed === true ? ', ' : '; '}${history}`,
      fix: g.committed === true ? `${move}; then revoke that key in IonQ Quantum Cloud → API Keys and save a new one, since the repository keeps the old one.` : `${move}.`,
      path: g.path,
    });
  }
  const kf = input.keyFile;
  if (kf) {
    const lbl = label(kf.path);
    if (!kf.exists && kf.loadedBy.length > 0) {
      out.push({
        code: 'KEY_FILE_MISSING',
        level: 'problem',
        message: `${kf.loadedBy.map(label).join(', ')} load${kf.loadedBy.length === 1 ? 's' : ''} the key from ${lbl}, which does not exist, so those shells get no key.`,
        fix: 'Save the key again with: npx ionq-env-setup --store separate (or remove the blocks: npx ionq-env-setup remove).',
        path: kf.path,
      });
    }
    if (kf.exists && kf.mode !== undefined && (kf.mode & 0o077) !== 0) {
      out.push({
        code: 'FILE_READABLE_BY_OTHERS',
        level: 'problem',
        message: `${lbl} holds the key and can be read by other users of this machine (mode ${(kf.mode & 0o777).toString(8)}).`,
        fix: `chmod 600 ${lbl}`,
        path: kf.path,
      });
    }
  }
  const kc = input.keychain;
  if (kc && !kc.readable && kc.loadedBy.length > 0) {
    const files = kc.loadedBy.map(label).join(', ');
    out.push({
      code: 'KEYCHAIN_UNREADABLE',
      level: 'problem',
      message: `${files} load${kc.loadedBy.length === 1 ? 's' : ''} the key from the OS keychain, which cannot be read now (${kc.reason}), so new terminals get no key.`,
      fix: 'Unlock the keychain (log in to the desktop, or unlock it in Seahorse / Keychain Access), or save the key again: npx ionq-env-setup --store keychain',
    });
  }
  for (const h of input.history) {
    if (h.lines === 0) continue;
    const parts = [h.holdsKey > 0 ? `${h.holdsKey} with a known key` : '', h.assignsLiteral > 0 ? `${h.assignsLiteral} giving a key variable a literal value` : ''].filter(Boolean);
    out.push({
      code: 'KEY_IN_HISTORY',
      level: 'problem',
      message: `${label(h.path)} has ${h.lines} history line${h.lines === 1 ? '' : 's'} that expose a key (${parts.join(', ')}; not shown).`,
      fix: 'Remove them with: npx ionq-env-setup scrub-history, and revoke and replace a key that was ever exposed (IonQ Quantum Cloud → API Keys).',
      path: h.path,
    });
  }
  return out;
}
