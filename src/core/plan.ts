// A Plan is data: what would change where. Planning never writes; apply.ts is the only writer.
import type { ShellName } from '../detect/shell';
import type { Dialect } from '../rcfile/dialect';
import type { EditStatus } from '../rcfile/block';
import type { FileState } from '../rcfile/file-state';

export type TargetKind = 'shell' | 'windows' | 'github' | 'azure' | 'circleci' | 'dotenv' | 'key-file' | 'keychain' | 'history';

export interface Warning {
  code: string;
  message: string;
  path?: string;
  line?: number;
  /** What to do about it (status's diagnoses). */
  fix?: string;
  /** status: 'problem' when something is wrong, 'note' when it is only worth knowing. */
  level?: 'problem' | 'note';
}

/** A file whose bytes go from `file.content` to `after` (null: the file is deleted). */
export interface FileChange {
  kind: 'file';
  target: TargetKind;
  shell?: ShellName;
  dialect?: Dialect;
  file: FileState;
  after: string | null;
  status: EditStatus;
  /** The mode the written file gets: the existing one, or 0600 for a new file. */
  mode: number;
  /**
   * A file only its owner may read (the separate key file): written with `mode` even if it was looser,
   * in a folder made 0700. Other files keep the mode they have.
   */
  private?: boolean;
  /** Re-plans this change from the file's current bytes, if another run changed them meanwhile. */
  replan?: (current: string | null) => { after: string | null; status: EditStatus } | undefined;
}

/** A program run (Windows' setx), checked afterwards by reading the value back. */
export interface RegistryChange {
  kind: 'registry';
  target: 'windows';
  status: EditStatus;
  /** What the user environment holds now (undefined: not set). Never printed, only compared. */
  current: string | undefined;
  /** undefined: delete the value. */
  desired: string | undefined;
}

/** The key's item in the OS keychain (--store keychain), written through the platform's tool and read back. */
export interface KeychainChange {
  kind: 'keychain';
  target: 'keychain';
  platform: 'linux' | 'darwin';
  status: EditStatus;
  /** What the item holds now (undefined: there is none). Never printed, only compared. */
  current: string | undefined;
  /** undefined: delete the item. */
  desired: string | undefined;
}

/** Output the CI runner reads from this process's stdout (a mask or a logging command). */
export interface StdoutChange {
  kind: 'stdout';
  target: TargetKind;
  status: EditStatus;
  lines: string[];
}

/**
 * Text appended to a file another program reads and then discards (GitHub's $GITHUB_ENV, CircleCI's
 * $BASH_ENV). Appending, not replacing, is that program's own contract for the file.
 */
export interface AppendChange {
  kind: 'append';
  target: TargetKind;
  status: EditStatus;
  path: string;
  /** UTF-8 text, ending in LF. */
  text: string;
  /** Create a missing file with this mode; undefined: the file must already exist. */
  createMode?: number;
}

export type Change = FileChange | RegistryChange | KeychainChange | StdoutChange | AppendChange;

/** A place that already holds a different key: replaced only with --force or the user's yes. */
export interface Conflict {
  where: string;
  existingMasked: string;
}

export interface Plan {
  changes: Change[];
  warnings: Warning[];
  conflicts: Conflict[];
}

export const emptyPlan = (): Plan => ({ changes: [], warnings: [], conflicts: [] });
