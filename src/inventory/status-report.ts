// What `status` reports (pure): every place a key variable is defined, masked, with what the diagnosis
// found, and the secret-hygiene findings. The values themselves never leave the inventory.
import type { Definition, KeyScan } from './scan';
import type { StatusFindings } from './diagnose';
import type { GitFinding, HistoryFinding, KeyFileFinding } from './hygiene';
import { maskKey } from '../key/mask';
import type { Store } from '../targets/shell/block-body';

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
  /** The tool's block: holds the key (inline), loads the key file (separate) or reads the keychain. */
  store?: Store;
  /** The key file a separate block loads. */
  keyFile?: string;
}

export interface StatusData extends Record<string, unknown> {
  state: StatusFindings['state'];
  places: PlaceReport[];
  /** What new terminals of the login shell (Windows: new programs) get. */
  newTerminal?: { masked: string; path?: string; line?: number; kind: Definition['kind'] };
  loginShell: string;
  verification?: { result: 'valid' | 'invalid' | 'forbidden' | 'unavailable'; message?: string; hint?: string };
  /** Files of a git repository that hold a key inline. */
  git: GitFinding[];
  /** History files with lines that expose a key (counts only). */
  history: HistoryFinding[];
  keyFile?: KeyFileFinding;
  /** The OS keychain item, when a block reads it: whether it can be read now, and which files load it. */
  keychain?: { readable: boolean; masked?: string; reason?: string; loadedBy: string[]; shells: string[] };
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
      ...(d.kind === 'file' && d.managed ? { store: d.keyFile ? ('separate' as const) : d.keychain ? ('keychain' as const) : ('inline' as const) } : {}),
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


/** The keychain as status reports it: readable now (masked) or why not, and the files and shells that load it. */
export function keychainOf(scan: KeyScan): StatusData['keychain'] {
  if (!scan.keychain) return undefined;
  const loading = scan.files.filter((f) => f.store === 'keychain');
  const base = { loadedBy: loading.map((f) => f.state.path), shells: [...new Set(loading.flatMap((f) => f.shells))] };
  const read = scan.keychain;
  if (read.kind === 'key') return { readable: true, masked: maskKey(read.key), ...base };
  return { readable: false, reason: read.kind === 'none' ? 'the keychain holds no ionq-env-setup item' : read.reason, ...base };
}
