// Windows under Wine for the end-to-end tests: the real Windows build of Node (node.exe) runs the built
// CLI, and Wine's own reg.exe reads and writes a private registry. scripts/windows-under-wine.sh prepares
// Wine, a pristine Windows 10 prefix and node.exe, and writes the wine.env file read here.
//
// Facts this relies on (checked; see docs/how-it-works.md, "Testing on other platforms"):
// - node.exe under Wine fails with EBADF when its stdout/stderr are pipes, so both go to files;
// - Wine's setx.exe is a stub: it stores nothing and exits 0, and with WINEDEBUG=fixme+setx it prints the
//   argv it received (after Windows command-line parsing) as a `fixme:setx:wmain stub:` line on stderr;
// - reg.exe is real; `reg export` writes UTF-16LE, so it shows a stored value exactly (reg query does not:
//   it prints in the OEM code page).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ROOT } from './cli';
import { expectNoKey } from './leak';

export interface WineSettings {
  wine: string;
  wineserver: string;
  wineVersion: string;
  pristinePrefix: string;
  nodeExe: string;
  nodeVersion: string;
}

const WINE_ENV_FILE = process.env.IONQ_WINE_ENV ?? join(ROOT, '.cache', 'wine', 'wine.env');

/** Reads wine.env (KEY='value' lines); undefined when Wine was not prepared on this machine. */
function loadWineSettings(file = WINE_ENV_FILE): WineSettings | undefined {
  if (!existsSync(file)) return undefined;
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)='([^']*)'$/.exec(line);
    if (m) values[m[1]!] = m[2]!;
  }
  const settings: WineSettings = {
    wine: values.WINE ?? '',
    wineserver: values.WINESERVER ?? '',
    wineVersion: values.WINE_VERSION ?? '',
    pristinePrefix: values.WINE_PRISTINE_PREFIX ?? '',
    nodeExe: values.WINE_NODE_EXE ?? '',
    nodeVersion: values.WINE_NODE_VERSION ?? '',
  };
  const usable =
    existsSync(settings.wine) && existsSync(settings.wineserver) && existsSync(join(settings.pristinePrefix, 'system.reg')) && settings.nodeExe.endsWith('.exe') && existsSync(settings.nodeExe);
  return usable ? settings : undefined;
}

/**
 * The Wine settings, or undefined (with a printed reason) when Wine is not prepared here.
 * In CI (CI set) a missing Wine is an error: .ci/run prepares it, so nothing may be skipped there.
 */
export function requireWine(): WineSettings | undefined {
  const settings = loadWineSettings();
  if (settings) return settings;
  const why = `Windows-under-Wine is not prepared (${WINE_ENV_FILE} missing or stale); run: bash scripts/windows-under-wine.sh`;
  if (process.env.IONQ_TEST_STRICT === '1') throw new Error(`${why}. CI must prepare it before the tests (.ci/run).`);
  console.warn(`SKIPPED: ${why}`);
  return undefined;
}

export interface WineRun {
  code: number;
  stdout: string;
  /** The CLI's stderr without Wine's own debug lines. */
  stderr: string;
  /** The argv (after the program name) of each setx.exe started, as setx received it. */
  setxCalls: string[][];
  /** True when Wine shortened a long setx argument in its debug line (then only its start is known). */
  setxTruncated: boolean;
}

/** The `fixme:setx:wmain stub: L"setx" L"NAME" L"value"` lines Wine prints, decoded. */
export function parseSetxDebugLines(stderr: string): { calls: string[][]; truncated: boolean; rest: string } {
  const calls: string[][] = [];
  let truncated = false;
  const rest: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^[0-9a-f]{4}:fixme:setx:wmain stub: (.*)$/.exec(line);
    if (!m) {
      rest.push(line);
      continue;
    }
    const args: string[] = [];
    for (const token of m[1]!.matchAll(/L"((?:[^"\\]|\\.)*)"(\.\.\.)?/g)) {
      args.push(decodeWineDebugString(token[1]!));
      if (token[2]) truncated = true;
    }
    calls.push(args.slice(1));
  }
  return { calls, truncated, rest: rest.join('\n') };
}

/** Undoes Wine's debugstr_w escaping: \\ \" \n \r \t, and \XXXX for any other UTF-16 code unit. */
export function decodeWineDebugString(escaped: string): string {
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = escaped[i + 1]!;
    const simple: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };
    if (next in simple) {
      out += simple[next];
      i += 1;
    } else {
      out += String.fromCharCode(parseInt(escaped.slice(i + 1, i + 5), 16));
      i += 4;
    }
  }
  return out;
}

/**
 * One Windows machine for a test file: a private copy of the pristine prefix, a temp Unix HOME, and a
 * wineserver kept running between commands (each start would cost a second or more).
 */
export class WineMachine {
  readonly dir: string;
  readonly prefix: string;
  /** The Unix HOME Wine runs with (never the real one). */
  readonly unixHome: string;
  /** Where C:\users\<name> lives on the Unix side. */
  readonly profileDir: string;
  readonly windowsUser: string;

  private constructor(
    readonly settings: WineSettings,
    dir: string,
  ) {
    this.dir = dir;
    this.prefix = join(dir, 'prefix');
    this.unixHome = join(dir, 'home');
    execFileSync('cp', ['-a', settings.pristinePrefix, this.prefix]);
    execFileSync('mkdir', ['-p', this.unixHome]);
    this.windowsUser = 'root';
    const users = join(this.prefix, 'drive_c', 'users');
    const names = execFileSync('ls', [users], { encoding: 'utf8' }).split('\n').filter((n) => n && n !== 'Public');
    if (names.length === 1) this.windowsUser = names[0]!;
    this.profileDir = join(users, this.windowsUser);
  }

  static create(settings: WineSettings): WineMachine {
    const machine = new WineMachine(settings, realpathSync(mkdtempSync(join(tmpdir(), 'ionq-wine-'))));
    // -p: stay up between clients until killed (see dispose).
    spawnSync(settings.wineserver, ['-p'], { env: machine.env(), stdio: 'ignore', timeout: 30_000 });
    return machine;
  }

  /** The Unix environment for Wine: nothing of the real user's, no display, no menu entries, no prompts. */
  env(winedebug = '-all'): Record<string, string> {
    return {
      PATH: '/usr/bin:/bin',
      HOME: this.unixHome,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      WINEPREFIX: this.prefix,
      WINEDEBUG: winedebug,
      WINEDLLOVERRIDES: 'winemenubuilder.exe=d;mscoree=;mshtml=',
    };
  }

  /** Runs `wine reg ARGS` and returns its exit code, stdout and stderr (ASCII is exact; other text is not). */
  reg(args: readonly string[]): { code: number; stdout: string; stderr: string } {
    const result = spawnSync(this.settings.wine, ['reg', ...args], { env: this.env(), encoding: 'latin1', timeout: 60_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * `reg ARGS` for a step that must succeed and may be repeated (add /f, export /y). One CI run saw
   * `reg add` exit 1 once, with no output kept, for a value it stores every other time; this is test
   * setup and inspection, not the product under test, so a failure is printed and tried once more.
   */
  private regMust(args: readonly string[]): void {
    const told = (r: { code: number; stdout: string; stderr: string }) => `wine reg ${args[0]} exited ${r.code} (stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr)})`;
    const first = this.reg(args);
    if (first.code === 0) return;
    console.warn(`${told(first)}; trying once more`);
    const second = this.reg(args);
    if (second.code !== 0) throw new Error(`${told(second)}, the second time too`);
  }

  /**
   * Stores `value` as the user variable with Wine's real reg.exe (what setx would have done), and reads it
   * back so a test never starts from a registry it did not mean.
   */
  seedUserVariable(value: string, name = 'IONQ_API_KEY', type = 'REG_SZ'): void {
    this.regMust(['add', 'HKCU\\Environment', '/v', name, '/t', type, '/d', value, '/f']);
    if (type === 'REG_SZ' && this.userVariable(name) !== value) throw new Error(`reg add exited 0 but ${name} does not read back as the value given`);
  }

  deleteUserVariable(name = 'IONQ_API_KEY'): void {
    this.reg(['delete', 'HKCU\\Environment', '/v', name, '/f']);
  }

  /** The stored value of a user variable, exactly (through `reg export`, which writes UTF-16LE). */
  userVariable(name = 'IONQ_API_KEY'): string | undefined {
    const file = join(this.profileDir, 'Temp', 'ionq-test-export.reg');
    rmSync(file, { force: true });
    this.regMust(['export', 'HKCU\\Environment', `C:\\users\\${this.windowsUser}\\Temp\\ionq-test-export.reg`, '/y']);
    const text = readFileSync(file).toString('utf16le');
    rmSync(file, { force: true });
    for (const line of text.split(/\r\n/)) {
      const m = /^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$/.exec(line);
      if (m && m[1]!.toUpperCase() === name.toUpperCase()) return m[2]!.replace(/\\(.)/g, '$1');
    }
    return undefined;
  }

  /**
   * Runs the built CLI with node.exe (process.platform === 'win32'). stdout/stderr go to files (node.exe
   * fails with EBADF on pipes under Wine). Wine's setx debug lines are parsed out of stderr; what remains,
   * and stdout, must not hold any of `secrets`.
   */
  async runCli(argv: readonly string[], options: { input?: string; secrets?: readonly string[]; timeoutMs?: number } = {}): Promise<WineRun> {
    const runDir = mkdtempSync(join(this.dir, 'run-'));
    const files = { in: join(runDir, 'in'), out: join(runDir, 'out'), err: join(runDir, 'err') };
    writeFileSync(files.in, options.input ?? '');
    const fds = [openSync(files.in, 'r'), openSync(files.out, 'w'), openSync(files.err, 'w')] as const;
    try {
      const code = await new Promise<number>((resolve, reject) => {
        // node.exe must be a Windows program: wine would start a Linux script (like dist/cli.js) natively.
        if (!this.settings.nodeExe.endsWith('.exe')) throw new Error('not a Windows node.exe');
        const child = spawn(this.settings.wine, [this.settings.nodeExe, BUILT_CLI, ...argv], {
          env: this.env('-all,fixme+setx'),
          cwd: this.unixHome,
          stdio: [fds[0], fds[1], fds[2]],
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
        child.on('error', reject);
        child.on('close', (exitCode, signal) => {
          clearTimeout(timer);
          resolve(exitCode ?? (signal ? 128 : -1));
        });
      });
      const stdout = readFileSync(files.out, 'utf8');
      const parsed = parseSetxDebugLines(readFileSync(files.err, 'utf8'));
      for (const secret of options.secrets ?? []) {
        expectNoKey(stdout, secret, 'stdout');
        expectNoKey(parsed.rest, secret, 'stderr');
      }
      return { code, stdout, stderr: parsed.rest, setxCalls: parsed.calls, setxTruncated: parsed.truncated };
    } finally {
      for (const fd of fds) closeSync(fd);
      rmSync(runDir, { recursive: true, force: true });
    }
  }

  dispose(): void {
    spawnSync(this.settings.wineserver, ['-k'], { env: this.env(), stdio: 'ignore', timeout: 30_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
