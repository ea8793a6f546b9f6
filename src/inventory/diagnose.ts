// The decide step of `status` (pure): from a KeyScan to the problems worth telling the user, each with a fix,
// and the overall state — one key everywhere, none, or places that disagree.
import type { Definition, KeyScan, ScannedFile } from './scan';
import type { ShellName } from '../detect/shell';
import type { OsKind } from '../detect/os';
import { KEY_VARIABLE, SHADOWING_VARIABLES } from '../key/variables';
import { REG_KEY } from '../targets/windows';
import { loadNowHint } from '../targets/shell/locate';

export interface Diagnosis {
  code: string;
  /** 'problem': something is wrong; 'note': worth knowing, nothing is broken. */
  level: 'problem' | 'note';
  message: string;
  fix: string;
  path?: string;
  line?: number;
}

type StatusState = 'consistent' | 'none' | 'disagree';

export interface StatusFindings {
  state: StatusState;
  /** The IONQ_API_KEY a program started here (or in a new terminal, if this one has none) gets. */
  effective?: Definition;
  /** What a new terminal of the login shell (or, on Windows, the user environment) gives IONQ_API_KEY. */
  newTerminal?: Definition;
  diagnoses: Diagnosis[];
  /** A letter per distinct key value, when there is more than one (masks alone may coincide). */
  keyLetter: (value: string | undefined) => string | undefined;
}

export interface DiagnoseInput {
  scan: KeyScan;
  os: OsKind;
  loginShell: ShellName;
  label: (file: string) => string;
}

const where = (d: Definition, label: (file: string) => string): string => {
  switch (d.kind) {
    case 'environment':
      return 'this terminal\'s environment';
    case 'windows':
      return 'the Windows user environment';
    case 'dotenv':
    case 'file':
      return `${label(d.path!)}:${d.line}`;
  }
};

/** The last definition of `variable` in a file (earlier ones are overridden by it). */
const lastIn = (file: ScannedFile, variable: string): Definition | undefined => file.definitions.filter((d) => d.variable === variable).at(-1);

export function diagnose(input: DiagnoseInput): StatusFindings {
  const { scan, os, label } = input;
  const diagnoses: Diagnosis[] = [];
  const fileByPath = new Map(scan.files.map((f) => [f.state.path, f]));

  // What each shell's new terminal ends up with, and unmanaged lines read after the tool's block.
  const newTerminalOf = new Map<ShellName, Definition>();
  const overridden = new Set<string>();
  for (const [shell, order] of Object.entries(scan.readOrder) as [ShellName, string[]][]) {
    const defs = order.flatMap((p) => fileByPath.get(p)?.definitions.filter((d) => d.variable === KEY_VARIABLE) ?? []);
    const last = defs.at(-1);
    if (last) newTerminalOf.set(shell, last);
    const blockAt = defs.findIndex((d) => d.managed);
    if (blockAt === -1) continue;
    const managed = defs[blockAt]!;
    for (const later of defs.slice(blockAt + 1)) {
      if (later.managed) continue;
      const id = `${later.path}:${later.line}`;
      if (overridden.has(id)) continue;
      overridden.add(id);
      const same = later.value !== undefined && later.value === managed.value;
      diagnoses.push({
        code: 'OVERRIDDEN_LATER',
        level: same ? 'note' : 'problem',
        message: `${label(later.path!)}:${later.line} sets ${KEY_VARIABLE} (${later.masked}) after the ionq-env-setup block in ${label(managed.path!)}, so new ${shell} terminals get that value${same ? ' (the same key today, but it will hide the next key you save)' : ''}.`,
        fix: `Delete line ${later.line} of ${label(later.path!)}; the tool never edits lines it did not write.`,
        path: later.path!,
        line: later.line!,
      });
    }
  }

  // Lines the user wrote before the tool's block: the block wins, but the file keeps that key in plain text.
  for (const file of scan.files) {
    const block = file.definitions.find((d) => d.managed && d.variable === KEY_VARIABLE);
    if (!block) continue;
    for (const d of file.definitions) {
      if (d.managed || d.variable !== KEY_VARIABLE || d.line! > block.line!) continue;
      const same = d.value !== undefined && d.value === block.value;
      diagnoses.push({
        code: 'HAND_WRITTEN_KEY',
        level: same ? 'note' : 'problem',
        message: `${label(d.path!)}:${d.line} sets ${KEY_VARIABLE} (${d.masked}) on a line you wrote, before the ionq-env-setup block: the block wins, but ${d.value === undefined ? 'the line still runs at every shell start' : same ? 'the file holds the key twice, and the next key you save would leave this copy behind' : 'the file still holds that older key in plain text'}.`,
        fix: `Delete line ${d.line} of ${label(d.path!)}, or let the tool do it: npx ionq-env-setup --remove-hand-written`,
        path: d.path!,
        line: d.line!,
      });
    }
  }

  const windowsKey = scan.windows?.find((d) => d.variable === KEY_VARIABLE);
  const newTerminal = os === 'windows' ? windowsKey : newTerminalOf.get(input.loginShell);
  const envKey = scan.environment.find((d) => d.variable === KEY_VARIABLE);

  // Every definition counts, not only the one that wins in its file: a file that still holds an older
  // key on an earlier line holds two keys, and "the same key everywhere" would not be true.
  const placeDefs: Definition[] = [...scan.environment, ...(scan.windows ?? [])];
  for (const file of [...scan.files, ...(scan.dotenv ? [scan.dotenv] : [])]) placeDefs.push(...file.definitions);
  const keyDefs = placeDefs.filter((d) => d.variable === KEY_VARIABLE);
  const persistentKeyDefs = keyDefs.filter((d) => d.kind === 'file' || d.kind === 'windows');

  const distinct: string[] = [];
  for (const d of placeDefs) if (d.value !== undefined && !distinct.includes(d.value)) distinct.push(d.value);
  const keyLetter = (value: string | undefined): string | undefined =>
    distinct.length > 1 && value !== undefined && distinct.includes(value) ? String.fromCharCode(65 + distinct.indexOf(value)) : undefined;
  const tag = (d: Definition): string => {
    const letter = keyLetter(d.value);
    return letter ? `key ${letter} (${d.masked})` : d.masked;
  };

  const state: StatusState = keyDefs.length === 0 ? 'none' : distinct.length > 1 ? 'disagree' : 'consistent';

  if (state === 'none') {
    const shadows = placeDefs.filter((d) => d.variable !== KEY_VARIABLE);
    diagnoses.push({
      code: 'NO_KEY',
      level: 'problem',
      message: `${KEY_VARIABLE} is not set in this terminal, in any shell startup file${os === 'windows' ? ', or in the Windows user environment' : ''}.${shadows.length > 0 ? ` (${[...new Set(shadows.map((d) => d.variable))].join(', ')} ${shadows.length > 1 ? 'are' : 'is'} set: see below.)` : ''}`,
      fix: 'Save your key with: npx ionq-env-setup',
    });
  }

  if (state === 'disagree') {
    const groups = distinct.map((value) => placeDefs.filter((d) => d.value === value));
    diagnoses.push({
      code: 'PLACES_DISAGREE',
      level: 'problem',
      message: `Different keys are set in different places: ${groups.map((g) => `${tag(g[0]!)} in ${g.map((d) => `${d.variable === KEY_VARIABLE ? '' : d.variable + ' in '}${where(d, label)}`).join(', ')}`).join('; ')}.`,
      fix: 'Decide which key is current and save it everywhere with: npx ionq-env-setup --shell all --force (it replaces the tool\'s blocks); delete the other lines named here, and revoke keys you no longer use in IonQ Quantum Cloud.',
    });
  }

  // The terminal that runs this command: started before the files changed?
  if (envKey && newTerminal && newTerminal.value !== undefined && envKey.value !== newTerminal.value) {
    diagnoses.push({
      code: 'STALE_ENVIRONMENT',
      level: 'problem',
      message: `This terminal has ${tag(envKey)}, but new terminals get ${tag(newTerminal)} (from ${where(newTerminal, label)}): the setting changed after this terminal started, or something exported the old key in it.`,
      fix: newTerminal.kind === 'windows' ? 'Open a new terminal (and restart editors started before the change).' : `Open a new terminal, or load it here: ${loadNowHint(input.loginShell, label(newTerminal.path!))}`,
    });
  } else if (!envKey && newTerminal) {
    diagnoses.push({
      code: 'NOT_LOADED',
      level: 'note',
      message: `This terminal does not have ${KEY_VARIABLE} yet; new terminals get ${tag(newTerminal)}.`,
      fix: newTerminal.kind === 'windows' ? 'Open a new terminal.' : `Open a new terminal, or load it here: ${loadNowHint(input.loginShell, label(newTerminal.path!))}`,
    });
  }
  if (envKey && persistentKeyDefs.length === 0) {
    diagnoses.push({
      code: 'NOT_PERSISTED',
      level: 'note',
      message: `${KEY_VARIABLE} is set only in this terminal's environment: no startup file${os === 'windows' ? ' or user variable' : ''} sets it, so new terminals will not have it.`,
      fix: 'Save it for new terminals with: npx ionq-env-setup --from-env IONQ_API_KEY',
    });
  }
  if (os !== 'windows' && !newTerminal && persistentKeyDefs.length > 0) {
    const files = [...new Set(persistentKeyDefs.map((d) => label(d.path!)))];
    diagnoses.push({
      code: 'NOT_READ_BY_LOGIN_SHELL',
      level: 'problem',
      message: `New ${input.loginShell} terminals (your login shell) do not read any file that sets ${KEY_VARIABLE}; it is set in ${files.join(', ')}.${os === 'darwin' && input.loginShell === 'bash' ? ' macOS terminals start bash as a login shell, which does not read ~/.bashrc.' : ''}`,
      fix: `Save it for ${input.loginShell} with: npx ionq-env-setup --shell ${input.loginShell} --from-env IONQ_API_KEY (in a terminal that has the key), or pick the shell with --shell.`,
    });
  }

  for (const d of placeDefs) {
    const shadow = SHADOWING_VARIABLES.find((v) => v.name === d.variable);
    if (!shadow) continue;
    diagnoses.push({
      code: 'SHADOWING_VARIABLE',
      level: 'problem',
      message: `${d.variable} is set in ${where(d, label)} (${tag(d)}); ${shadow.sdk} reads it ${shadow.readFirst ? 'before' : 'instead of'} ${KEY_VARIABLE}${shadow.readFirst ? ', so it wins over the key you saved' : ' when IONQ_API_KEY is not set'}.`,
      fix: shadowFix(d, label),
      ...(d.path ? { path: d.path } : {}),
      ...(d.line ? { line: d.line } : {}),
    });
  }

  if (scan.dotenv) {
    const dotKey = lastIn(scan.dotenv, KEY_VARIABLE);
    if (dotKey) {
      diagnoses.push({
        code: 'DOTENV_OVERRIDES',
        level: envKey && dotKey.value !== undefined && envKey.value !== dotKey.value ? 'problem' : 'note',
        message: `${where(dotKey, label)} sets ${KEY_VARIABLE} (${tag(dotKey)}); qiskit-ionq reads this .env when started in this folder, and it wins over the environment.`,
        fix: `Delete that line unless this project is meant to use its own key.`,
        path: dotKey.path!,
        line: dotKey.line!,
      });
    }
  }

  if (os !== 'windows') {
    for (const file of [...scan.files, ...(scan.dotenv ? [scan.dotenv] : [])]) {
      const mode = file.state.mode;
      // A block that loads the key from the key file or the keychain holds no key itself.
      if (file.definitions.every((d) => d.keyFile !== undefined || d.keychain) || mode === undefined || (mode & 0o077) === 0) continue;
      const lbl = label(file.state.path);
      diagnoses.push({
        code: 'FILE_READABLE_BY_OTHERS',
        level: 'problem',
        message: `${lbl} holds a key and can be read by other users of this machine (mode ${(mode & 0o777).toString(8)}).`,
        fix: `chmod 600 ${lbl}`,
        path: file.state.path,
      });
    }
  }

  for (const file of scan.files) {
    const lbl = label(file.state.path);
    if (file.broken) {
      diagnoses.push({
        code: 'BROKEN_BLOCK',
        level: 'problem',
        message: `${lbl} has broken ionq-env-setup markers: ${file.broken.reason} (line ${file.broken.line}). The tool leaves this file alone until they are fixed.`,
        fix: `Edit ${lbl} so that "# >>> ionq-env-setup >>>" and "# <<< ionq-env-setup <<<" form one pair around the export line (or delete both marker lines).`,
        path: file.state.path,
        line: file.broken.line,
      });
    }
    if (file.state.problem) {
      diagnoses.push({ code: 'FILE_UNREADABLE', level: 'problem', message: `Could not read ${lbl}: ${file.state.problem}.`, fix: `Check ${lbl} and its permissions.`, path: file.state.path });
    }
  }
  if (scan.windowsError) {
    diagnoses.push({ code: 'WINDOWS_UNREADABLE', level: 'problem', message: `Could not read the Windows user environment (${scan.windowsError}).`, fix: `Check by hand: reg query ${REG_KEY}` });
  }

  const effective = envKey ?? newTerminal ?? persistentKeyDefs.find((d) => d.value !== undefined) ?? keyDefs[0];
  return { state, ...(effective ? { effective } : {}), ...(newTerminal ? { newTerminal } : {}), diagnoses, keyLetter };
}

function shadowFix(d: Definition, label: (file: string) => string): string {
  switch (d.kind) {
    case 'environment':
      return `Unset it (unset ${d.variable}) and remove it from wherever it is exported, unless you mean that SDK to use a different key.`;
    case 'windows':
      return `Delete it: reg delete ${REG_KEY} /v ${d.variable} /f`;
    default:
      return `Delete line ${d.line} of ${label(d.path!)}, unless you mean that SDK to use a different key.`;
  }
}
