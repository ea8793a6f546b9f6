// The detect step shared by every command: what machine, which shell, which CI, where home is.
import { isAbsolute, relative } from 'node:path';
import type { System } from '../platform/system';
import { osKind, type OsKind } from '../detect/os';
import { detectLoginShell, type LoginShell } from '../detect/shell';
import { ciFilesToCheck, detectCi, type CiKind } from '../detect/ci';
import { shellRoots, type ShellRoots } from '../detect/startup-files';
import { failure } from '../platform/errors';

export interface Context {
  sys: System;
  os: OsKind;
  loginShell: LoginShell;
  ci: CiKind | undefined;
  home: string;
  roots: ShellRoots;
  /** How a path is shown: ~ for the home directory. */
  label: (file: string) => string;
}

/** Detects the context; refuses a missing or unusable home directory before anything else happens. */
export async function detectContext(sys: System): Promise<Context> {
  const os = osKind(sys.platform);
  const home = sys.home;
  const homeVar = os === 'windows' ? 'USERPROFILE' : 'HOME';
  if (!home) throw failure('NO_HOME', `${homeVar} is not set, so there is no home directory to save the key in.`, `Set ${homeVar} to your home directory and run this again.`);
  try {
    const st = await sys.fs.stat(home);
    if (!st.isDirectory()) throw new Error('not a directory');
  } catch {
    throw failure('NO_HOME', `The home directory ${home} (from ${homeVar}) does not exist or is not a directory.`, `Set ${homeVar} to your home directory and run this again.`);
  }
  // The GitHub runner's env file must exist for its channel to count: stat it here, decide in detectCi.
  const ciFiles = new Set<string>();
  for (const file of ciFilesToCheck(sys.env)) if (await isRegularFile(sys, file)) ciFiles.add(file);
  return {
    sys,
    os,
    loginShell: detectLoginShell(sys.env.SHELL, sys.userShell, os),
    ci: detectCi(sys.env, (file) => ciFiles.has(file)),
    home,
    roots: shellRoots(home, sys.env),
    label: (file) => labelPath(file, home, os),
  };
}

export function labelPath(file: string, home: string, os: OsKind): string {
  if (os === 'windows') return file;
  const rel = relative(home, file);
  if (rel === '') return '~';
  if (!rel.startsWith('..') && !isAbsolute(rel)) return `~/${rel}`;
  return file;
}

async function isRegularFile(sys: System, file: string): Promise<boolean> {
  try {
    return (await sys.fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
