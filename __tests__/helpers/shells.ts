// Starts real shells the way a new terminal does and reads back what they see in IONQ_API_KEY.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RealShell = 'bash' | 'bash-login' | 'zsh' | 'fish' | 'sh' | 'ksh' | 'tcsh';

/** How each shell is started so that it reads the same files as a new terminal. */
const INVOCATION: Record<RealShell, { program: string; args: (cmd: string) => string[] }> = {
  bash: { program: 'bash', args: (c) => ['-i', '-c', c] },
  // macOS terminals open login shells.
  'bash-login': { program: 'bash', args: (c) => ['-l', '-i', '-c', c] },
  zsh: { program: 'zsh', args: (c) => ['-i', '-c', c] },
  fish: { program: 'fish', args: (c) => ['-c', c] },
  sh: { program: 'sh', args: (c) => ['-l', '-c', c] },
  ksh: { program: 'ksh', args: (c) => ['-l', '-c', c] },
  tcsh: { program: 'tcsh', args: (c) => ['-c', c] },
};

export function hasProgram(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether a missing test program fails the run instead of skipping. `.ci/run` sets IONQ_TEST_STRICT=1:
 * it installs every program the suite starts (scripts/ci-deps.sh), so there nothing may be skipped. Other
 * runs (a laptop, the macOS and Windows jobs of the GitHub workflow) skip with a printed reason.
 */
const strictTests = (): boolean => process.env.IONQ_TEST_STRICT === '1';

/** Skips (printing why) or, in strict runs, fails. */
export function missing(what: string, install: string): false {
  if (strictTests()) throw new Error(`${what} is missing; .ci/run must install it (${install}).`);
  console.warn(`SKIPPED: ${what} is missing here (${install}).`);
  return false;
}

/** Returns whether `program` is there; if not, skips or (strict) fails. */
export function requireProgram(program: string): boolean {
  return hasProgram(program) || missing(`the program ${program}`, 'scripts/ci-deps.sh installs it');
}

/** Returns whether `python` can import `module`; if not, skips or (strict) fails. */
export function requireModule(python: string, module: string): boolean {
  const ok = hasProgram(python) && spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  return ok || missing(`the Python module ${module}`, 'scripts/ci-deps.sh installs it');
}

export const shellProgram = (shell: RealShell): string => INVOCATION[shell].program;

/** The arguments that start `shell` as a new terminal does and run `command` in it. */
export const shellArgv = (shell: RealShell, command: string): string[] => INVOCATION[shell].args(command);

/**
 * Starts `shell` with `env` (HOME etc.) and returns the exported IONQ_API_KEY it ends up with,
 * as exact bytes decoded as UTF-8, or undefined when the variable is not exported.
 */
export function readVarInShell(shell: RealShell, env: Record<string, string>, name = 'IONQ_API_KEY'): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'ionq-shell-out-'));
  const out = join(dir, 'out');
  try {
    const { program, args } = INVOCATION[shell];
    // printenv sees only exported variables: exactly what an IonQ SDK started from this shell sees.
    const cmd = `printenv ${name} > ${out}; exit 0`;
    execFileSync(program, args(cmd), { env, stdio: ['ignore', 'ignore', 'ignore'], timeout: 20_000 });
    if (!existsSync(out)) return undefined;
    const bytes = readFileSync(out);
    if (bytes.length === 0) return undefined;
    const text = bytes.toString('utf8');
    return text.endsWith('\n') ? text.slice(0, -1) : text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every shell the suite starts for real, and, for each, the file `set` writes in a temp home (Linux). */
export const TEST_SHELLS: readonly RealShell[] = ['bash', 'zsh', 'fish', 'sh', 'ksh', 'tcsh'];
export const RC_FILE_OF: Readonly<Record<string, string>> = {
  bash: '.bashrc',
  zsh: '.zshrc',
  fish: '.config/fish/conf.d/ionq.fish',
  sh: '.profile',
  ksh: '.profile',
  tcsh: '.tcshrc',
};
