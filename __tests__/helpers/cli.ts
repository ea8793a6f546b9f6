// Two ways to run the CLI: in-process through main() against a System (fast, for most tests: the same
// entry and parser users hit), and the built bundle as a child process (what users run). Both capture stdout/stderr and check that the key never appears.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main';
import { createNodeSystem, type Runner, type System } from '../../src/platform/system';
import type { Asker } from '../../src/core/interaction';
import { expectNoKey } from './leak';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILT_CLI = join(ROOT, 'dist', 'cli.js');

/**
 * The Node that runs the built CLI: NODE_UNDER_TEST when set (scripts/node-matrix.sh sets it to each
 * supported Node version in turn), else the Node running jest. Tests that start dist/cli.js use this.
 */
export const NODE_UNDER_TEST = process.env.NODE_UNDER_TEST || process.execPath;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  env: Record<string, string | undefined>;
  home?: string | undefined;
  stdin?: string;
  stdinIsTTY?: boolean;
  stdoutIsTTY?: boolean;
  platform?: NodeJS.Platform;
  cwd?: string;
  run?: Runner;
  asker?: () => Asker;
  /** Keys that must not appear in stdout/stderr (checked after the run). */
  secrets?: readonly string[];
  system?: Partial<System>;
}

/** Runs the CLI in this process with a System whose home, env and terminals are the test's. */
export async function runInProcess(argv: readonly string[], options: InProcessOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sys = createNodeSystem({
    env: options.env,
    home: 'home' in options ? options.home : options.env.HOME,
    cwd: options.cwd ?? options.env.HOME ?? process.cwd(),
    platform: options.platform ?? 'linux',
    userShell: () => undefined,
    isWSL: () => false,
    stdin: { isTTY: options.stdinIsTTY ?? false, readAll: async () => options.stdin ?? '' },
    stdout: { isTTY: options.stdoutIsTTY ?? false, write: (t) => void (stdout += t) },
    stderr: { isTTY: false, write: (t) => void (stderr += t) },
    ...(options.run ? { run: options.run } : {}),
    ...options.system,
  });
  const code = await main(argv, sys, options.asker ? { asker: options.asker } : {});
  for (const secret of options.secrets ?? []) {
    expectNoKey(stdout, secret, 'stdout');
    expectNoKey(stderr, secret, 'stderr');
  }
  return { code, stdout, stderr };
}

export interface BuiltOptions {
  env: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  secrets?: readonly string[];
  node?: string;
  timeoutMs?: number;
  /** Another built entry file (dist/action.js) instead of dist/cli.js. */
  script?: string;
  /** A program and arguments that start node (setpriv to run as another user). */
  prefix?: readonly string[];
}

/** Runs dist/cli.js in a child process with exactly `env` (nothing inherited). */
export function runBuilt(argv: readonly string[], options: BuiltOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = [...(options.prefix ?? []), options.node ?? NODE_UNDER_TEST, options.script ?? BUILT_CLI, ...argv];
    const child = spawn(program!, args, {
      env: Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as Record<string, string>,
      cwd: options.cwd ?? options.env.HOME ?? ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        for (const secret of options.secrets ?? []) {
          expectNoKey(stdout, secret, 'stdout');
          expectNoKey(stderr, secret, 'stderr');
        }
      } catch (error) {
        reject(error);
        return;
      }
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
