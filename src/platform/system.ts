// Every access the tool makes to the machine goes through a System, so the same code runs against
// a temp home in tests. Nothing here decides anything; the layers above do.
import { delimiter, join, resolve as resolvePath } from 'node:path';
import { userInfo, release } from 'node:os';
import type { Stats } from 'node:fs';
import fse from 'fs-extra';

/**
 * The file operations the tool uses, as promises. The real ones are fs-extra's (graceful-fs underneath:
 * on Windows a rename that antivirus or the search indexer briefly blocks is retried instead of failing
 * the write); tests may pass others that fail on purpose.
 */
export interface FileSystem {
  readFile(path: string): Promise<Buffer>;
  writeFile(file: string | number, data: string | Buffer): Promise<void>;
  open(path: string, flags: string | number, mode?: number): Promise<number>;
  close(fd: number): Promise<void>;
  write(fd: number, buffer: Buffer, offset: number, length: number, position?: number | null): Promise<{ bytesWritten: number; buffer: Buffer }>;
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number; buffer: Buffer }>;
  fstat(fd: number): Promise<Stats>;
  fsync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
  fchown(fd: number, uid: number, gid: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  mkdir(path: string, options: { recursive?: boolean; mode?: number }): Promise<string | undefined>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  chmod(path: string, mode: number): Promise<void>;
  access(path: string, mode?: number): Promise<void>;
  /** Deletes a file or a folder with everything in it; nothing there is not an error. */
  remove(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT, EACCES…). */
  spawnError?: string;
}

interface RunOptions {
  /** Sent to the program's standard input (how secrets reach child processes: never argv). */
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** Starts a program without a shell. Never rejects: failures come back in the result. */
export type Runner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export interface Terminal {
  isTTY: boolean;
  columns?: number | undefined;
  write(text: string): void;
}

export interface System {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory, as an absolute path (HOME, or USERPROFILE on Windows). */
  home: string | undefined;
  cwd: string;
  /** The login shell from the user database, used when SHELL is not set. */
  userShell: () => string | undefined;
  /** Linux under Windows' WSL. */
  isWSL: () => boolean;
  /** Effective uid, or -1 where there is none (Windows). */
  uid: number;
  pid: number;
  fs: FileSystem;
  run: Runner;
  /** Full path of a program on PATH, or undefined. */
  which: (program: string) => Promise<string | undefined>;
  fetch: typeof fetch;
  stdin: { isTTY: boolean; readAll(): Promise<string> };
  stdout: Terminal;
  stderr: Terminal;
  /**
   * Calls `listener` on Ctrl+C (SIGINT) instead of ending the process, until the returned function is
   * called. Used while nothing is prompting (the verification spinner), so a cancel still exits 130.
   */
  onInterrupt: (listener: () => void) => () => void;
  /**
   * Standard output without the key redactor, for the CI logging commands whose purpose is to carry the
   * key to the runner (GitHub's ::add-mask::, Azure's secret setvariable) and nothing else: it refuses
   * any other line. main() provides it; write through writeKeyCarryingCommand (targets/ci-channel.ts).
   */
  ciChannel?: { write(line: string): void };
}

/** The real machine; `overrides` replace parts of it (tests give a temp home, their own terminals). */
export function createNodeSystem(overrides: Partial<System> = {}): System {
  const env = overrides.env ?? process.env;
  const platform = overrides.platform ?? process.platform;
  return {
    platform,
    env,
    home: homeFromEnv(platform, env),
    cwd: process.cwd(),
    userShell: safeUserShell,
    isWSL: () => platform === 'linux' && (Boolean(env.WSL_DISTRO_NAME) || Boolean(env.WSL_INTEROP) || /microsoft/i.test(release())),
    uid: typeof process.geteuid === 'function' ? process.geteuid() : -1,
    pid: process.pid,
    fs: fse,
    run: (file, args, options) => runWithExeca(file, args, { env: definedOnly(env), ...options }),
    which: (program) => whichOnPath(program, env, platform),
    fetch: (...args) => globalThis.fetch(...args),
    stdin: overrides.stdin ?? {
      get isTTY() {
        return Boolean(usedStdin().isTTY);
      },
      readAll: () => readAll(usedStdin()),
    },
    stdout: overrides.stdout ?? terminalOf(process.stdout),
    stderr: overrides.stderr ?? terminalOf(process.stderr),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
    ...overrides,
  };
}

const definedOnly = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

function homeFromEnv(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = platform === 'win32' ? env.USERPROFILE || env.HOME : env.HOME;
  return raw ? resolvePath(raw) : undefined;
}

function safeUserShell(): string | undefined {
  try {
    return userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}

const quietStreams = new WeakSet<NodeJS.WriteStream>();

/** Output to one of the process's streams. A reader that has gone (`… | head -1`) is not an error. */
function terminalOf(stream: NodeJS.WriteStream): Terminal {
  if (!quietStreams.has(stream)) {
    quietStreams.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get columns() {
      return stream.columns;
    },
    write: (text) => void stream.write(text),
  };
}

let stdinUsed = false;
const usedStdin = (): NodeJS.ReadStream => {
  stdinUsed = true;
  return process.stdin;
};

/** Ends process.stdin if this run used it (a prompt's open stdin would keep the process alive). */
export function releaseStdin(): void {
  if (stdinUsed && !process.stdin.destroyed) process.stdin.destroy();
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// execa is loaded only by the commands that start a program, so plain runs do not pay for it.
const runWithExeca: Runner = async (file, args, options = {}) => {
  const { execa } = await import('execa');
  const result = await execa(file, [...args], {
    reject: false,
    shell: false,
    stripFinalNewline: false,
    windowsHide: true,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    // The System's own environment, not this process's: a test's temp home and its keyring reach the child.
    ...(options.env === undefined ? {} : { env: options.env, extendEnv: false }),
  });
  const out: RunResult = {
    exitCode: typeof result.exitCode === 'number' ? result.exitCode : -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
  // execa's own message repeats the command line (and so, for setx, the key): keep only the errno code.
  const cause = (result as { cause?: unknown }).cause;
  if (result.failed && out.exitCode === -1) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : 'failed to start';
    out.spawnError = result.timedOut ? 'timed out' : code;
  }
  return out;
};

async function whichOnPath(program: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, program + ext);
      try {
        const st = await fse.stat(candidate);
        if (st.isFile()) {
          if (platform !== 'win32') await fse.access(candidate, fse.constants.X_OK);
          return candidate;
        }
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}
