// The keys already on this machine, as the guided setup shows and offers them (a view of the inventory):
// every IONQ_API_KEY definition, masked, and the distinct keys among them a person can choose to save.
import type { KeyScan, Definition } from './scan';
import { KEY_VARIABLE } from '../key/variables';
import type { ShellName } from '../detect/shell';

export interface FoundKey {
  /** The key, when it is a literal (a computed value cannot be offered). Never printed. */
  value: string | undefined;
  masked: string;
  /** Where it is, as people read it: "this terminal", "~/.bashrc", "~/.bashrc:12", "~/.config/ionq/env", "the OS keychain", "the Windows user environment". */
  where: string;
  kind: 'environment' | 'block' | 'key-file' | 'keychain' | 'hand-written' | 'windows';
  /** A shell that reads the file (for pre-selecting that shell). */
  shell?: ShellName;
}

function found(d: Definition, label: (file: string) => string, shell: ShellName | undefined): FoundKey {
  const base = { value: d.value, masked: d.masked, ...(shell ? { shell } : {}) };
  if (d.kind === 'environment') return { ...base, where: 'this terminal', kind: 'environment' };
  if (d.kind === 'windows') return { ...base, where: 'the Windows user environment', kind: 'windows' };
  if (!d.managed) return { ...base, where: `${label(d.path!)}:${d.line}`, kind: 'hand-written' };
  // A block that loads the key from elsewhere: the key is where it loads it from.
  if (d.keyFile) return { ...base, where: label(d.keyFile), kind: 'key-file' };
  if (d.keychain) return { ...base, where: 'the OS keychain', kind: 'keychain' };
  return { ...base, where: label(d.path!), kind: 'block' };
}

/** Every IONQ_API_KEY the scan found: this terminal's, each file's (the tool's block and lines the user wrote), the Windows user variable's. */
export function foundKeys(scan: KeyScan, label: (file: string) => string): FoundKey[] {
  const out: FoundKey[] = [];
  for (const d of scan.environment) if (d.variable === KEY_VARIABLE) out.push(found(d, label, undefined));
  for (const file of scan.files) for (const d of file.definitions) if (d.variable === KEY_VARIABLE) out.push(found(d, label, file.shells[0]));
  for (const d of scan.windows ?? []) if (d.variable === KEY_VARIABLE) out.push(found(d, label, undefined));
  return out;
}

/** The distinct keys among them that can be saved as they are, in the order found (this terminal's first). */
export function keyChoices(keys: readonly FoundKey[]): FoundKey[] {
  const out: FoundKey[] = [];
  for (const k of keys) if (k.value !== undefined && !out.some((o) => o.value === k.value)) out.push(k);
  return out;
}
