// --store keychain against a REAL gnome-keyring (private D-Bus bus, temp home): every awkward key goes in with
// the tool's secret-tool command line (key on stdin), each real shell started as a new terminal would reads it
// back byte for byte through the loader block, no file holds the key, and no process gets it in argv (strace).
// When the keyring is locked, frozen, unreachable (no D-Bus) or secret-tool is missing, every shell still starts
// quickly, exports nothing, and an interactive one says so in one line.
//
// The macOS command lines cannot run here: they are checked against a model of `security -i`'s tokenizer
// (SecurityTool/macOS/security.c split_line, readline.c) and the macOS loaders run in the same real shells
// against a stand-in for /usr/bin/security.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type * as NodePty from 'node-pty';
import {
  keychainBlockLines,
  keychainDeleteCommand,
  keychainKeyProblem,
  keychainLoaderLines,
  keychainProbeCommand,
  keychainProbeResult,
  keychainReadCommand,
  keychainReadResult,
  keychainSearchCommand,
  keychainStoreCommand,
  keyFromReadOutput,
  perlWatchdog,
  KEYCHAIN_ACCOUNT,
  KEYCHAIN_LABEL,
  KEYCHAIN_SERVICE,
  KEYCHAIN_UNREADABLE_MESSAGE,
  quoteSecurityWord,
  SECURITY_MAX_LINE_BYTES,
  securityInteractiveLine,
  type KeychainCommand,
  type KeychainPlatform,
  type KeychainPrograms,
} from '../../src/targets/shell/keychain';
import { KEYCHAIN_NOTE, storeOfBlock } from '../../src/targets/shell/block-body';
import { DIALECTS, type Dialect } from '../../src/rcfile/dialect';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { hasKeyringTools, startKeyring, type Keyring } from '../helpers/keyring';
import { execsUnderStrace, expectNoFileHolds, expectNoKey } from '../helpers/leak';
import { hasProgram, RC_FILE_OF, readVarInShell, requireProgram, shellArgv, shellProgram, TEST_SHELLS, type RealShell } from '../helpers/shells';

const BEGIN = '# >>> ionq-env-setup >>>';
const END = '# <<< ionq-env-setup <<<';
const DIALECT_OF: Record<RealShell, Dialect> = { bash: 'posix', 'bash-login': 'posix', zsh: 'posix', sh: 'posix', ksh: 'posix', fish: 'fish', tcsh: 'tcsh' };

/** Writes the keychain block into every test shell's startup file under `home` (sh and ksh share ~/.profile). */
function writeBlocks(home: string, platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): void {
  for (const shell of TEST_SHELLS) {
    const file = join(home, RC_FILE_OF[shell]!);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, ['# the user’s own line', BEGIN, ...keychainBlockLines(DIALECT_OF[shell], platform, programs), END, ''].join('\n'));
  }
}

/** Runs one of the tool's commands the way the tool would: argv as given, `input` on stdin. */
function run(cmd: KeychainCommand, env: Record<string, string>): { code: number | null; stdout: string; stderr: string; missing: boolean } {
  const r = spawnSync(cmd.file, cmd.args, { env, input: cmd.input ?? '', encoding: 'utf8', timeout: 20_000 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', missing };
}

/** A new terminal's shell (helpers/shells.ts shellArgv), keeping its stderr and the time it took. */
function startShell(shell: RealShell, env: Record<string, string>, command = 'printenv IONQ_API_KEY; exit 0'): { value: string | undefined; stderr: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(shellProgram(shell), shellArgv(shell, command), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  const ms = performance.now() - t0;
  const out = r.stdout ?? '';
  return { value: out === '' ? undefined : out.replace(/\n$/, ''), stderr: r.stderr ?? '', ms };
}

/** Lines on a terminal screen that come from the loader or the programs it runs. */
const loaderNoise = (text: string): string[] =>
  text.split('\n').filter((l) => /secret-tool|timeout|security|perl|Alarm|dbus|D-Bus|ionq-env-setup|__ionq|\/dev\/|No such|not found|Undefined|Syntax/i.test(l));

/** A shell's stderr without the shells' own notes (job control without a terminal; bash -i's "exit"). */
const unexpectedStderr = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => !/cannot set terminal process group|no job control|can't access tty|no access to tty|Thus no job control|^exit$/.test(l));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// node-pty is CommonJS with a native addon.
const pty = createRequire(import.meta.url)('node-pty') as typeof NodePty;
/** How each shell starts in a terminal (sh and ksh as login shells, so they read ~/.profile). */
const PTY_ARGS: Record<RealShell, string[]> = { bash: [], 'bash-login': ['-l'], zsh: [], fish: [], sh: ['-l'], ksh: ['-l'], tcsh: [] };

/** Starts `shell` interactively in a pseudo-terminal, types one command and `exit`; returns the screen text. */
function inTerminal(shell: RealShell, env: Record<string, string>, command: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = pty.spawn(shellProgram(shell), PTY_ARGS[shell], { name: 'xterm', cols: 200, rows: 50, cwd: env.HOME!, env: { ...env, TERM: 'xterm' } });
    let raw = '';
    child.onData((d) => (raw += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${shell} did not exit; screen:\n${stripVTControlCharacters(raw)}`));
    }, 20_000);
    child.onExit(() => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      setTimeout(() => resolve({ text: stripVTControlCharacters(raw).replace(/\r/g, ''), ms }), 50);
    });
    child.write(`${command}; exit\r`);
  });
}

// ------------------------------------------------------------------------------------------------------------
// The macOS `security -i` tokenizer, modelled on SecurityTool/macOS/security.c split_line and readline.c.

/** readline(buffer, 4096): the bytes of each line; a line longer than 4095 bytes is cut and its rest is read as the next line; a last line without newline is dropped. */
function securityReadLines(input: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let cur: number[] = [];
  for (const b of input) {
    if (cur.length === 4095) {
      lines.push(Buffer.from(cur));
      cur = [];
    }
    if (b === 0x0a) {
      lines.push(Buffer.from(cur));
      cur = [];
    } else cur.push(b);
  }
  return lines;
}

/** split_line: whitespace splits; `\` escapes the next byte; '…' or "…" quote (with `\` escapes inside). */
function securitySplitLine(line: Buffer): Buffer[] {
  const isspace = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);
  const args: number[][] = [];
  let state: 'ws' | 'arg' | 'argEsc' | 'quoted' | 'quotedEsc' = 'ws';
  let quote = 0;
  let cur: number[] = [];
  for (const b of line) {
    if (b === 0) break;
    if (state === 'ws') {
      if (isspace(b)) continue;
      cur = [];
      if (b === 0x22 || b === 0x27) {
        quote = b;
        state = 'quoted';
        continue;
      }
      state = 'arg';
    }
    if (state === 'arg') {
      if (b === 0x5c) state = 'argEsc';
      else if (isspace(b)) {
        args.push(cur);
        state = 'ws';
      } else cur.push(b);
      continue;
    }
    if (state === 'quoted') {
      if (b === 0x5c) state = 'quotedEsc';
      else if (b === quote) {
        args.push(cur);
        state = 'ws';
      } else cur.push(b);
      continue;
    }
    if (state === 'argEsc') {
      cur.push(b);
      state = 'arg';
      continue;
    }
    cur.push(b); // quotedEsc
    state = 'quoted';
  }
  if (state !== 'ws') args.push(cur);
  return args.map((a) => Buffer.from(a));
}

const securityArgv = (input: string): string[][] =>
  securityReadLines(Buffer.from(input, 'utf8')).map((l) => securitySplitLine(l).map((a) => a.toString('utf8')));

/** What `security find-generic-password -w` prints (keychain_find.c): hex when any byte is not isprint() in the C locale. */
function securityPrints(password: string): string {
  const bytes = Buffer.from(password, 'utf8');
  const printable = [...bytes].every((b) => b >= 0x20 && b <= 0x7e);
  return (printable ? bytes.toString('latin1') : bytes.toString('hex')) + '\n';
}

describe('keychain command lines (pure)', () => {
  const ascii = AWKWARD_KEYS.filter((k) => /^[\x21-\x7e]+$/.test(k));

  it('macOS: the store line `security -i` reads gives exactly the intended argv, for every awkward key', () => {
    for (const key of AWKWARD_KEYS) {
      const line = securityInteractiveLine(['add-generic-password', '-U', '-s', KEYCHAIN_SERVICE, '-a', KEYCHAIN_ACCOUNT, '-l', KEYCHAIN_LABEL, '-w', key]);
      expect(line.endsWith('\n')).toBe(true);
      expect(securityArgv(line)).toEqual([['add-generic-password', '-U', '-s', 'ionq-env-setup', '-a', 'IONQ_API_KEY', '-l', KEYCHAIN_LABEL, '-w', key]]);
    }
    for (const key of ascii) {
      const cmd = keychainStoreCommand('darwin', key);
      expect(cmd.file).toBe('/usr/bin/security');
      expect(cmd.args).toEqual(['-i']);
      expect(securityArgv(cmd.input!)).toEqual([['add-generic-password', '-U', '-s', 'ionq-env-setup', '-a', 'IONQ_API_KEY', '-l', KEYCHAIN_LABEL, '-w', key]]);
      expect(cmd.args.join(' ')).not.toContain(key);
    }
  });

  it('macOS: quoteSecurityWord round-trips every byte but NUL and newline, and refuses those', () => {
    const all = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\t\u00e9\u20ac\u{1f600}';
    expect(securitySplitLine(Buffer.from(quoteSecurityWord(all), 'utf8')).map((b) => b.toString('utf8'))).toEqual([all]);
    for (const v of ['"', '\\', '\\"', "'", '"\\', ' ', '']) expect(securityArgv(quoteSecurityWord(v) + '\n')).toEqual([[v]]);
    for (const bad of ['a\nb', 'a\0b', 'a\rb']) expect(() => quoteSecurityWord(bad)).toThrow();
  });

  it('macOS: a line readline would cut is refused (its rest would run as a command of its own)', () => {
    const long = 'k'.repeat(SECURITY_MAX_LINE_BYTES);
    expect(() => securityInteractiveLine(['-w', long])).toThrow(/at most 4094 bytes/);
    const fits = 'k'.repeat(SECURITY_MAX_LINE_BYTES - 2);
    expect(securityArgv(securityInteractiveLine([fits]))).toEqual([[fits]]);
    // The model shows why: 4095 bytes and more split into two commands.
    expect(securityArgv('x'.repeat(4100) + '\n').length).toBe(2);
  });

  it('macOS: -w prints non-ASCII passwords in hex, so exactly the non-ASCII keys are refused', () => {
    expect(securityPrints('abc$x')).toBe('abc$x\n');
    expect(securityPrints('ü')).toBe('c3bc\n');
    expect(securityPrints('c3bc')).toBe('c3bc\n'); // the ambiguity
    for (const key of AWKWARD_KEYS) {
      const problem = keychainKeyProblem('darwin', key);
      if (ascii.includes(key)) {
        expect(problem).toBeUndefined();
        expect(keyFromReadOutput('darwin', securityPrints(key))).toBe(key);
      } else {
        expect(problem).toMatch(/outside printable ASCII/);
        expect(() => keychainStoreCommand('darwin', key)).toThrow(/printable ASCII/);
      }
      expect(keychainKeyProblem('linux', key)).toBeUndefined();
    }
    expect(keychainKeyProblem('darwin', 'x'.repeat(1024))).toBeUndefined();
  });

  it('reading never prompts: Linux searches, and tells a locked item (listed without its secret) from no item', () => {
    expect(keychainSearchCommand('linux')).toEqual({ file: 'secret-tool', args: ['search', 'service', 'ionq-env-setup', 'account', 'IONQ_API_KEY'] });
    const item = ['[/org/freedesktop/secrets/collection/login/1]', 'label = IonQ API key (ionq-env-setup)'];
    const read = (stdout: string, code = 0, stderr = '') => keychainReadResult('linux', { code, stdout, stderr });
    expect(read([...item, `secret = ${TEST_KEY}`, 'attribute.service = ionq-env-setup'].join('\n'))).toEqual({ kind: 'key', key: TEST_KEY });
    expect(read([...item, 'attribute.service = ionq-env-setup'].join('\n'))).toEqual({ kind: 'unreadable', reason: 'the keyring is locked' });
    expect(read('', 1)).toEqual({ kind: 'none' });
    expect(read('', 1, 'secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY\n')).toEqual({ kind: 'unreadable', reason: 'secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY' });
    expect(keychainReadResult('linux', { missing: true, code: null, stdout: '', stderr: '' })).toEqual({ kind: 'unreadable', reason: 'secret-tool is not installed' });
    expect(keychainReadResult('darwin', { code: 44, stdout: '', stderr: 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.' })).toEqual({ kind: 'none' });
    expect(keychainReadResult('darwin', { code: 0, stdout: `${TEST_KEY}\n`, stderr: '' })).toEqual({ kind: 'key', key: TEST_KEY });
    expect(keychainReadResult('darwin', { code: 36, stdout: '', stderr: 'security: User interaction is not allowed.\n' })).toEqual({ kind: 'unreadable', reason: 'security: User interaction is not allowed.' });
  });

  it('read, delete and probe command lines hold no key and name the one item', () => {
    expect(keychainReadCommand('darwin')).toEqual({ file: '/usr/bin/security', args: ['find-generic-password', '-s', 'ionq-env-setup', '-a', 'IONQ_API_KEY', '-w'] });
    expect(keychainDeleteCommand('darwin')).toEqual({ file: '/usr/bin/security', args: ['delete-generic-password', '-s', 'ionq-env-setup', '-a', 'IONQ_API_KEY'] });
    expect(keychainProbeCommand('darwin')).toEqual({ file: '/usr/bin/security', args: ['show-keychain-info'] });
    expect(keychainReadCommand('linux')).toEqual({ file: 'secret-tool', args: ['lookup', 'service', 'ionq-env-setup', 'account', 'IONQ_API_KEY'] });
    expect(keychainDeleteCommand('linux')).toEqual({ file: 'secret-tool', args: ['clear', 'service', 'ionq-env-setup', 'account', 'IONQ_API_KEY'] });
    const store = keychainStoreCommand('linux', TEST_KEY);
    expect(store).toEqual({ file: 'secret-tool', args: ['store', `--label=${KEYCHAIN_LABEL}`, 'service', 'ionq-env-setup', 'account', 'IONQ_API_KEY'], input: TEST_KEY });
    expect(keyFromReadOutput('darwin', `${TEST_KEY}\n`)).toBe(TEST_KEY);
    expect(keyFromReadOutput('linux', TEST_KEY)).toBe(TEST_KEY);
    expect(keyFromReadOutput('linux', '')).toBeUndefined();
    expect(keychainProbeResult('linux', { missing: true, code: null, stderr: '' })).toMatchObject({ usable: false, reason: expect.stringMatching(/libsecret-tools/) });
    expect(keychainProbeResult('linux', { code: 1, stderr: 'secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY\n' })).toEqual({ usable: false, reason: 'secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY' });
  });

  it('loaders: a keychain block is recognised, holds no `!` for tcsh, and every dialect has one', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      for (const dialect of DIALECTS) {
        const lines = keychainBlockLines(dialect, platform);
        expect(storeOfBlock(lines.map((text) => ({ text })))).toBe('keychain');
        expect(lines.join('\n')).not.toContain(TEST_KEY);
        if (dialect === 'tcsh') expect(lines.join('\n')).not.toContain('!');
      }
    }
    expect(storeOfBlock([{ text: "export IONQ_API_KEY='x'" }])).toBe('inline');
    // The perl watchdog sits in single quotes everywhere and inside tcsh's "`…`": none of $ ! " ' in it.
    expect(perlWatchdog(2)).not.toMatch(/[$!"']/);
    expect(KEYCHAIN_NOTE).toMatch(/^# /);
  });
});

// ------------------------------------------------------------------------------------------------------------

const haveTools = hasKeyringTools();
const present = TEST_SHELLS.filter((s) => requireProgram(shellProgram(s)));
const withKeyring = haveTools ? describe : describe.skip;
const STRACE_KEY = 'ionqSTRACEkeychain-5e4d3c2b1a09-zz9';

withKeyring('--store keychain with a real gnome-keyring (Linux)', () => {
  let h: TempHome;
  let kr: Keyring;
  let env: Record<string, string>;
  const timings: Record<string, number[]> = {};
  const note = (what: string, ms: number): void => void (timings[what] ??= []).push(ms);

  beforeAll(async () => {
    h = await makeTempHome();
    kr = await startKeyring(h.home);
    env = { ...h.env, ...kr.env };
    writeBlocks(h.home, 'linux');
  });
  afterAll(async () => {
    await kr?.stop();
    await h?.cleanup();
    const lines = Object.entries(timings).map(([k, v]) => `  ${k}: median ${median(v).toFixed(0)} ms, max ${Math.max(...v).toFixed(0)} ms (n=${v.length})`);
      if (lines.length) console.log(`keychain loader timings:\n${lines.join('\n')}`);
  });

  const store = (key: string): void => {
    const r = run(keychainStoreCommand('linux', key), env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  };
  const itemCount = (): number => {
    const r = spawnSync('secret-tool', ['search', '--all', 'service', KEYCHAIN_SERVICE, 'account', KEYCHAIN_ACCOUNT], { env, encoding: 'utf8' });
    return r.stdout.split('\n').filter((l) => l.startsWith('[')).length;
  };

  it('the probe says the keychain is usable', () => {
    expect(keychainProbeResult('linux', run(keychainProbeCommand('linux'), env))).toEqual({ usable: true });
  });

  it('every awkward key is stored exactly (read back with lookup) and reaches every shell byte for byte; no file holds it', () => {
    for (const key of AWKWARD_KEYS) {
      store(key);
      const back = run(keychainReadCommand('linux'), env);
      expect({ key, code: back.code, value: keyFromReadOutput('linux', back.stdout) }).toEqual({ key, code: 0, value: key });
      for (const shell of present) {
        expect({ shell, key, value: readVarInShell(shell, env) }).toEqual({ shell, key, value: key });
      }
      expectNoFileHolds(h.home, key);
    }
    // store replaces the item: one item, whatever was stored before.
    expect(itemCount()).toBe(1);
    // The keyring file is there (encrypted) — in the home, which no key byte reached.
    expect(statSync(join(h.home, '.local/share/keyrings/login.keyring')).isFile()).toBe(true);
  }, 180_000);

  it('secret-tool store keeps a trailing newline (so the tool must not send one)', () => {
    const r = run({ ...keychainStoreCommand('linux', TEST_KEY), input: TEST_KEY + '\n' }, env);
    expect(r.code).toBe(0);
    expect(run(keychainReadCommand('linux'), env).stdout).toBe(TEST_KEY + '\n');
    store(TEST_KEY);
    expect(run(keychainReadCommand('linux'), env).stdout).toBe(TEST_KEY);
  });

  it('interactive shells in a terminal load the key and print nothing of their own', async () => {
    store(TEST_KEY);
    for (const shell of present) {
      const out = join(h.home, `out-${shell}`);
      const { text, ms } = await inTerminal(shell, env, `printenv IONQ_API_KEY > ${out}`);
      note(`${shell} in a terminal, key loaded`, ms);
      expect({ shell, value: readFileSync(out, 'utf8') }).toEqual({ shell, value: TEST_KEY + '\n' });
      expect({ shell, noise: loaderNoise(text) }).toEqual({ shell, noise: [] });
      rmSync(out);
    }
  }, 120_000);

  it('nothing in any argv holds the key: the store and every shell loader under strace -f', async () => {
    if (!requireProgram('strace')) return;
    const cmd = keychainStoreCommand('linux', STRACE_KEY);
    const s = await execsUnderStrace(cmd.file, cmd.args, { env, input: cmd.input });
    expect(s.code).toBe(0);
    expect(s.execs).toContain('secret-tool');
    expectNoKey(s.execs, STRACE_KEY, 'the argv of the store command');
    for (const shell of present) {
      const r = await execsUnderStrace(shellProgram(shell), shellArgv(shell, 'printenv IONQ_API_KEY'), { env });
      expect({ shell, out: r.stdout }).toEqual({ shell, out: STRACE_KEY + '\n' });
      // The loader ran (timeout and secret-tool were started) …
      expect({ shell, ran: /execve\("[^"]*secret-tool", \["secret-tool", "search"/.test(r.execs) }).toEqual({ shell, ran: true });
      // … and no argv of any process, printenv's included, holds the key.
      expectNoKey(r.execs, STRACE_KEY, `an argv under ${shell}`);
    }
  }, 120_000);

  it('costs: a bash start with and without the loader (20 runs each, medians)', () => {
    store(TEST_KEY);
    const bare = mkdtempSync(join(tmpdir(), 'ionq-bare-home-'));
    try {
      writeFileSync(join(bare, '.bashrc'), '# the user’s own line\n');
      const bareEnv = { ...env, HOME: bare };
      const withLoader: number[] = [];
      const without: number[] = [];
      for (let i = 0; i < 20; i++) {
        without.push(startShell('bash', bareEnv).ms);
        const r = startShell('bash', env);
        expect(r.value).toBe(TEST_KEY);
        withLoader.push(r.ms);
      }
      timings['bash -i -c, no block'] = without;
      timings['bash -i -c, keychain block (key loaded)'] = withLoader;
      for (const shell of present.filter((s) => s !== 'bash')) {
        for (let i = 0; i < 5; i++) note(`${shell}, keychain block (key loaded)`, startShell(shell, env).ms);
      }
      expect(median(withLoader)).toBeLessThan(median(without) + 500);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  }, 120_000);

  /** Each shell: starts in < 3 s, exports nothing, and (non-interactive) prints nothing; in a terminal, one line. */
  async function expectQuietFailure(what: string, shellEnv: Record<string, string>, shells: readonly RealShell[] = present): Promise<void> {
    for (const shell of shells) {
      const r = startShell(shell, shellEnv);
      note(`${shell}, ${what}`, r.ms);
      expect({ shell, what, value: r.value }).toEqual({ shell, what, value: undefined });
      expect(r.ms).toBeLessThan(3000);
      const noise = unexpectedStderr(r.stderr);
      // bash -i and zsh -i are interactive: the one line; the others: nothing.
      const interactive = shell === 'bash' || shell === 'zsh';
      expect({ shell, what, noise }).toEqual({ shell, what, noise: interactive ? [KEYCHAIN_UNREADABLE_MESSAGE] : [] });
    }
    for (const shell of shells) {
      const out = join(shellEnv.HOME!, `out-${shell}`);
      const { text, ms } = await inTerminal(shell, shellEnv, `printenv IONQ_API_KEY > ${out}`);
      note(`${shell} in a terminal, ${what}`, ms);
      expect(ms).toBeLessThan(3000);
      expect({ shell, what, value: readFileSync(out, 'utf8') }).toEqual({ shell, what, value: '' });
      const noise = loaderNoise(text).filter((l) => !l.includes('printenv'));
      expect({ shell, what, noise }).toEqual({ shell, what, noise: [KEYCHAIN_UNREADABLE_MESSAGE] });
      rmSync(out);
    }
  }

  it('no D-Bus at all (no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus): quick, nothing exported, one line when interactive', async () => {
    store(TEST_KEY);
    const emptyRuntime = mkdtempSync(join(tmpdir(), 'ionq-norun-'));
    try {
      const { DBUS_SESSION_BUS_ADDRESS: _bus, ...rest } = env;
      await expectQuietFailure('no D-Bus', { ...rest, XDG_RUNTIME_DIR: emptyRuntime });
    } finally {
      rmSync(emptyRuntime, { recursive: true, force: true });
    }
  }, 120_000);

  it('secret-tool missing: quick, nothing exported, one line when interactive', async () => {
    store(TEST_KEY);
    // (a) Not on PATH. Login shells (sh -l, ksh -l) get PATH back from /etc/profile, and rightly find it again:
    // they are checked with (b).
    const bin = mkdtempSync(join(tmpdir(), 'ionq-nosecret-bin-'));
    try {
      for (const dir of ['/usr/local/bin', '/usr/bin', '/bin']) {
        let names: string[] = [];
        try {
          names = readdirSync(dir);
        } catch {
          continue;
        }
        for (const n of names) {
          if (n === 'secret-tool') continue;
          try {
            symlinkSync(join(dir, n), join(bin, n));
          } catch {
            // the first directory wins, as on PATH
          }
        }
      }
      const noTool = { ...env, PATH: bin };
      expect(spawnSync('sh', ['-c', 'command -v secret-tool'], { env: noTool }).status).not.toBe(0);
      await expectQuietFailure('secret-tool not on PATH', noTool, present.filter((s) => s !== 'sh' && s !== 'ksh'));
      for (const shell of present.filter((s) => s === 'sh' || s === 'ksh')) expect(readVarInShell(shell, noTool)).toBe(TEST_KEY);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
    // (b) Installed nowhere: the blocks name a program that does not exist.
    writeBlocks(h.home, 'linux', { secretTool: 'ionq-no-such-secret-tool' });
    try {
      await expectQuietFailure('secret-tool not installed', env);
    } finally {
      writeBlocks(h.home, 'linux');
    }
  }, 120_000);

  it('a Secret Service that never answers (daemon stopped with SIGSTOP): the read gives up after 2 s', async () => {
    store(TEST_KEY);
    kr.freeze();
    try {
      await expectQuietFailure('keyring frozen', env);
    } finally {
      kr.thaw();
    }
    expect(readVarInShell('bash', env)).toBe(TEST_KEY);
  }, 180_000);

  it('a locked keyring: no prompt, quick, nothing exported, one line when interactive; unlocked again, the key is back', async () => {
    store(TEST_KEY);
    kr.lock();
    try {
      expect(kr.isLocked()).toBe(true);
      await expectQuietFailure('keyring locked', env);
      // What the tool's own commands meet (no prompter on this bus, so the unlock prompt is dismissed at once).
      const read = run(keychainReadCommand('linux'), env);
      expect({ code: read.code, stdout: read.stdout }).toEqual({ code: 1, stdout: '' });
      const put = run(keychainStoreCommand('linux', TEST_KEY), env);
      expect({ code: put.code, stderr: put.stderr }).toEqual({ code: 1, stderr: 'secret-tool: Cannot create an item in a locked collection\n' });
    } finally {
      await kr.unlock();
    }
    for (const shell of present) expect({ shell, value: readVarInShell(shell, env) }).toEqual({ shell, value: TEST_KEY });
  }, 180_000);

  it('after secret-tool clear, a new shell has no key (and clearing again reports nothing to clear)', () => {
    store(TEST_KEY);
    const del = run(keychainDeleteCommand('linux'), env);
    expect({ code: del.code, stderr: del.stderr }).toEqual({ code: 0, stderr: '' });
    for (const shell of present) expect({ shell, value: readVarInShell(shell, env) }).toEqual({ shell, value: undefined });
    const again = run(keychainDeleteCommand('linux'), env);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 1, stderr: '' });
    const read = run(keychainReadCommand('linux'), env);
    expect({ code: read.code, stdout: read.stdout, stderr: read.stderr }).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(itemCount()).toBe(0);
  });

  it('a successful load leaves no variable of its own behind and prints nothing', () => {
    store(TEST_KEY);
    for (const shell of present) {
      const list = shell === 'fish' ? 'set -n' : 'set';
      const r = startShell(shell, env, `${list} | grep -c '^__ionq'; exit 0`);
      expect({ shell, count: r.value, stderr: unexpectedStderr(r.stderr) }).toEqual({ shell, count: '0', stderr: [] });
    }
  });

  it('an inherited IONQ_API_KEY is left alone when the keychain has none', () => {
    run(keychainDeleteCommand('linux'), env);
    for (const shell of present) expect({ shell, value: readVarInShell(shell, { ...env, IONQ_API_KEY: 'inherited-TEST' }) }).toEqual({ shell, value: 'inherited-TEST' });
  });
});

// ------------------------------------------------------------------------------------------------------------
// The macOS loaders, in the same real shells, against a stand-in for /usr/bin/security that prints the key from a
// file (never argv), fails like security does, or hangs like security waiting on a dialog.

const FAKE_SECURITY = `#!/bin/sh
[ "$1 $2 $3 $4 $5 $6" = "find-generic-password -s ionq-env-setup -a IONQ_API_KEY -w" ] || { echo "unexpected: $*" >&2; exit 2; }
[ -n "$FAKE_SECURITY_HANG" ] && exec sleep 30
if [ -f "$FAKE_SECURITY_ITEM" ]; then cat "$FAKE_SECURITY_ITEM"; echo; exit 0; fi
echo "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain." >&2
exit 44
`;

const withPerl = hasProgram('/usr/bin/perl') ? describe : describe.skip;
withPerl('macOS loaders (stand-in security, real shells)', () => {
  let h: TempHome;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    h = await makeTempHome();
    dir = mkdtempSync(join(tmpdir(), 'ionq-fake-security-'));
    writeFileSync(join(dir, 'security'), FAKE_SECURITY);
    chmodSync(join(dir, 'security'), 0o755);
    writeBlocks(h.home, 'darwin', { security: join(dir, 'security') });
    env = { ...h.env, FAKE_SECURITY_ITEM: join(dir, 'item') };
  });
  afterAll(async () => {
    await h.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every key macOS can hold reaches every shell byte for byte', () => {
    for (const key of AWKWARD_KEYS.filter((k) => keychainKeyProblem('darwin', k) === undefined)) {
      writeFileSync(join(dir, 'item'), key);
      for (const shell of present) expect({ shell, key, value: readVarInShell(shell, env) }).toEqual({ shell, key, value: key });
    }
    for (const shell of present) {
      const r = startShell(shell, env, `${shell === 'fish' ? 'set -n' : 'set'} | grep -c '^__ionq'; exit 0`);
      expect({ shell, count: r.value, stderr: unexpectedStderr(r.stderr) }).toEqual({ shell, count: '0', stderr: [] });
    }
  }, 120_000);

  it('no item / security hanging on a dialog: quick, nothing exported, quiet unless interactive', () => {
    rmSync(join(dir, 'item'), { force: true });
    const cases: Record<string, string>[] = [{}, { FAKE_SECURITY_HANG: '1' }];
    for (const extra of cases) {
      for (const shell of present) {
        const r = startShell(shell, { ...env, ...extra });
        expect(r.value).toBeUndefined();
        expect(r.ms).toBeLessThan(3000);
        const interactive = shell === 'bash' || shell === 'zsh';
        expect({ shell, extra, noise: unexpectedStderr(r.stderr) }).toEqual({ shell, extra, noise: interactive ? [KEYCHAIN_UNREADABLE_MESSAGE] : [] });
      }
    }
  }, 120_000);

  it('every dialect produces lines for both platforms', () => {
    for (const d of DIALECTS) for (const p of ['linux', 'darwin'] as const) expect(keychainLoaderLines(d, p).length).toBeGreaterThan(0);
  });
});
