// Every access the tool makes to the machine goes through a System, so the same code runs against
// a temp home in tests. Nothing here decides anything; detect/, targets/ and commands/ do.
import { delimiter, join, resolve as resolvePath } from 'node:path';
import { constants, fstatSync, readSync } from 'node:fs';
import { outputFor } from './output';
import { nodeFileSystem, type FileSystem } from './node-fs';

export type { FileHandle, FileSystem } from './node-fs';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT, EACCES…). */
  spawnError?: string;
}

export interface RunOptions {
  /** Sent to the program's standard input (how secrets reach child processes: never argv). */
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** Starts a program without a shell. Never rejects: failures come back in the result. */
export type Runner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export interface Terminal {
  isTTY: boolean;
  columns?: number;
  write(text: string): void;
}

export interface System {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home directory, as an absolute path (HOME, or USERPROFILE on Windows). */
  home: string | undefined;
  cwd: string;
  /** The login shell from the user database, used when SHELL is not set (asked only when called: a lookup). */
  userShell(): string | undefined;
  /** Linux under Windows' WSL (asked only when called). */
  isWSL(): boolean;
  /** Effective uid, or -1 where there is none (Windows). */
  uid: number;
  pid: number;
  fs: FileSystem;
  run: Runner;
  /** Full path of a program on PATH, or undefined. */
  which(program: string): Promise<string | undefined>;
  fetch: typeof fetch;
  stdin: { isTTY: boolean; readAll(): Promise<string> };
  stdout: Terminal;
  stderr: Terminal;
  /**
   * Calls `listener` on Ctrl+C (SIGINT) instead of ending the process, until the returned function is
   * called. Used while nothing is prompting (the verification spinner), so a cancel still exits 130.
   */
  onInterrupt(listener: () => void): () => void;
  /**
   * Standard output without the key redactor, for the CI logging commands whose purpose is to carry the
   * key to the runner (GitHub's ::add-mask::, Azure's secret setvariable) and nothing else: it refuses
   * any other line. runCli provides it; write through writeKeyCarryingCommand (targets/ci-channel.ts).
   */
  ciChannel?: { write(line: string): void };
}

/** The real machine. */
export function createNodeSystem(overrides: Partial<System> = {}): System {
  const env = process.env;
  const platform = process.platform;
  return {
    platform,
    env,
    home: homeFromEnv(platform, env),
    cwd: process.cwd(),
    userShell: safeUserShell,
    isWSL: () => platform === 'linux' && (Boolean(env.WSL_DISTRO_NAME) || Boolean(env.WSL_INTEROP) || /microsoft/i.test(nodeOs().release())),
    uid: typeof process.geteuid === 'function' ? process.geteuid() : -1,
    pid: process.pid,
    fs: nodeFileSystem,
    run: runWithExeca,
    which: (program) => whichOnPath(program, env, platform),
    fetch: (...args) => globalThis.fetch(...args),
    // Node builds process.stdin, stdout and stderr on first use, and building them costs a plain run more
    // than all of its own work: stdin is read from fd 0 when it is a pipe or a file, output that is not
    // for a terminal is written to fd 1 and 2 (output.ts), and each stream is built only when needed.
    stdin: {
      get isTTY() {
        return stdinMayBeTerminal() && Boolean(stdinStream().isTTY);
      },
      readAll: readStandardInput,
    },
    stdout: outputFor(1, () => process.stdout),
    stderr: outputFor(2, () => process.stderr),
    onInterrupt: (listener) => {
      process.on('SIGINT', listener);
      return () => void process.off('SIGINT', listener);
    },
    ...overrides,
  };
}

export function homeFromEnv(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = platform === 'win32' ? env.USERPROFILE || env.HOME : env.HOME;
  return raw ? resolvePath(raw) : undefined;
}

// node:os is loaded when first asked for, not with this module: most runs never need it.
const nodeOs = (): typeof import('node:os') => process.getBuiltinModule('node:os');

function safeUserShell(): string | undefined {
  try {
    return nodeOs().userInfo().shell ?? undefined;
  } catch {
    return undefined;
  }
}

let stdinBuilt = false;
const stdinStream = (): NodeJS.ReadStream => {
  stdinBuilt = true;
  return process.stdin;
};

/** Ends process.stdin if this run built it (a prompt's open stdin would keep the process alive). */
export function releaseStdin(): void {
  if (stdinBuilt && !process.stdin.destroyed) process.stdin.destroy();
}

/** False when fd 0 is certainly not a terminal (a pipe, a file, a socket), without building process.stdin. */
function stdinMayBeTerminal(): boolean {
  try {
    const st = fstatSync(0);
    return !(st.isFIFO() || st.isFile() || st.isSocket());
  } catch {
    return false;
  }
}

/** All of standard input. A pipe or file is read from fd 0; a non-blocking one through process.stdin. */
async function readStandardInput(): Promise<string> {
  if (stdinMayBeTerminal()) return readStream(stdinStream());
  // Synchronously, like the file operations (node-fs.ts): all of it is needed before anything else happens.
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let bytes: number;
    try {
      bytes = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      // A pipe another process made non-blocking answers EAGAIN: the stream knows how to wait for it.
      if ((error as { code?: string }).code === 'EAGAIN') return Buffer.concat(chunks).toString('utf8') + (await readStream(stdinStream()));
      throw error;
    }
    if (bytes === 0) return Buffer.concat(chunks).toString('utf8');
    chunks.push(Buffer.from(buffer.subarray(0, bytes)));
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
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
    ...(options.env === undefined ? {} : { env: options.env, extendEnv: true }),
  });
  const out: RunResult = {
    exitCode: typeof result.exitCode === 'number' ? result.exitCode : -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
  // execa's own message repeats the command line (and so, for setx, the key): keep only the errno code.
  const cause = (result as { cause?: unknown }).cause;
  if (result.failed && out.exitCode === -1) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : 'failed to start';
    out.spawnError = result.timedOut ? 'timed out' : code;
  }
  return out;
};

async function whichOnPath(
  program: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, program + ext);
      try {
        const st = await nodeFileSystem.stat(candidate);
        if (st.isFile()) {
          if (platform !== 'win32') await nodeFileSystem.access(candidate, constants.X_OK);
          return candidate;
        }
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}
