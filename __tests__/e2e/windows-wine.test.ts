// The Windows path for real: the built CLI (dist/cli.js) run by the Windows build of Node (node.exe, so
// process.platform === 'win32') under Wine, with Wine's real reg.exe and its stub setx.exe.
// Prepared by scripts/windows-under-wine.sh (.ci/run does it); skipped locally with a reason when missing.
//
// Wine's setx stores nothing but prints the argv it received, after Windows command-line parsing: that
// proves each key reaches setx as one unaltered argument, and it is a real "setx said success but nothing
// was stored", which the CLI must catch by reading the registry back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { decodeWineDebugString, parseSetxDebugLines, requireWine, WineMachine, type WineSettings } from '../helpers/wine';

const settings: WineSettings | undefined = requireWine();
const describeWine = settings ? describe : describe.skip;

/** Keys that are awkward for Windows: cmd metacharacters, quotes and backslashes (the argv quoting rules), unicode. */
const WINDOWS_KEYS: readonly string[] = [
  ...AWKWARD_KEYS.filter((k) => /['"%^&!\\|<>()]|[^\x20-\x7e]/.test(k)),
  'TEST-0101-quote-after-backslashes\\\\"x',
  'TEST-0102-ends-in-quote"',
  // Quotes at both ends, but not one quoted word: a single pair around a key is taken off as pasted quotes.
  '""TEST-0103-starts-and-ends-in-quotes""',
  '%USERPROFILE%TEST-0104^^%%',
  'TEST-0105-two-trailing-backslashes\\\\',
  // Long (Wine shortens it in its debug line, so only its start and the argument count are checked there).
  `TEST-0106-long-${'x9'.repeat(300)}^"\\`,
];

describe('parsing Wine setx debug lines (pure)', () => {
  it('decodes escapes and \\XXXX code units', () => {
    expect(decodeWineDebugString('a\\"b\\\\c\\00fc\\d83d\\de00')).toBe('a"b\\cü😀');
    const parsed = parseSetxDebugLines('0104:fixme:setx:wmain stub: L"setx" L"IONQ_API_KEY" L"x\\\\"\nother line');
    expect(parsed.calls).toEqual([['IONQ_API_KEY', 'x\\']]);
    expect(parsed.rest).toBe('other line');
    expect(parseSetxDebugLines('0104:fixme:setx:wmain stub: L"setx" L"A" L"bbbb"...').truncated).toBe(true);
  });
});

describeWine(`Windows under Wine (${settings?.wineVersion}, node.exe ${settings?.nodeVersion})`, () => {
  let machine: WineMachine;
  beforeAll(() => {
    machine = WineMachine.create(settings!);
  }, 120_000);
  afterAll(() => machine?.dispose());

  it('node.exe really is Windows Node: win32 platform and a C:\\users home', async () => {
    const run = await machine.runCli(['--key-stdin', '--dry-run', '--json'], { input: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets).toEqual([{ kind: 'windows', status: 'would-create' }]);
  });

  describe('setx gets exactly two arguments, the name and the unaltered key; the empty read-back is caught', () => {
    it.each(WINDOWS_KEYS.map((k) => [k]))('%j', async (key) => {
      const run = await machine.runCli(['--key-stdin'], { input: key, secrets: [key] });
      // On failure, show why setx was not reached (the CLI's own message holds no key).
      expect({ setxCalls: run.setxCalls.length, code: run.code, stderr: run.stderr }).toMatchObject({ setxCalls: 1 });
      const [name, value, ...extra] = run.setxCalls[0]!;
      expect(name).toBe('IONQ_API_KEY');
      if (run.setxTruncated) {
        // Wine shortens long strings in its debug lines: the start must match, and be long.
        expect(value!.length).toBeGreaterThan(100);
        expect(key.startsWith(value!)).toBe(true);
      } else {
        expect(value).toBe(key);
      }
      expect(extra).toEqual([]);
      // Wine's setx stored nothing: success must not be reported.
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('setx reported success, but reading HKCU\\Environment back shows nothing was stored.');
      expect(run.stdout).not.toMatch(/✔/);
    });

    it('and after all of them nothing is stored (reg export)', () => {
      expect(machine.userVariable()).toBeUndefined();
    });
  });

  it('--json on that failure is one parseable document with the error code', async () => {
    const run = await machine.runCli(['--key-stdin', '--json'], { input: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: false, error: { code: 'SETX_NOT_PERSISTED' } });
    expect(run.setxCalls).toEqual([['IONQ_API_KEY', TEST_KEY]]);
  });

  it('a key with a space is refused before setx runs (exit 2)', async () => {
    const key = 'ionq TEST-refused-space';
    const run = await machine.runCli(['--key-stdin'], { input: key, secrets: [key] });
    expect(run.code).toBe(2);
    expect(run.setxCalls).toEqual([]);
  });

  it('--dry-run runs no setx and stores nothing', async () => {
    const run = await machine.runCli(['--key-stdin', '--dry-run'], { input: TEST_KEY, secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Dry run: nothing was changed/);
    expect(run.stdout).toMatch(/HKCU\\Environment {2}would be created/);
    expect(run.setxCalls).toEqual([]);
    expect(machine.userVariable()).toBeUndefined();
  });

  describe('with the key already in the registry (stored by the real reg add)', () => {
    afterEach(() => machine.deleteUserVariable());
    it.each(WINDOWS_KEYS.filter((k) => k.length < 100).map((k) => [k]))('set with the same key %j is unchanged; setx is not run', async (key) => {
      machine.seedUserVariable(key);
      const run = await machine.runCli(['--key-stdin', '--json'], { input: key, secrets: [key] });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, targets: [{ kind: 'windows', status: 'unchanged' }] });
      expect(run.setxCalls).toEqual([]);
    });

    it('a different key stored: exit 2 naming only its last four characters; nothing changes', async () => {
      const old = 'ionqOLDwindows-key-TEST-5555-wxyz';
      machine.seedUserVariable(old);
      const run = await machine.runCli(['--key-stdin'], { input: TEST_KEY, secrets: [TEST_KEY, old] });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('…wxyz');
      expect(run.stderr).toMatch(/--force/);
      expect(run.setxCalls).toEqual([]);
      expect(machine.userVariable()).toBe(old);
    });

    it('--force runs setx; Wine stores nothing, so the read-back fails and the old key is kept', async () => {
      const old = 'ionqOLDwindows-key-TEST-6666-wxyz';
      machine.seedUserVariable(old);
      const run = await machine.runCli(['--key-stdin', '--force'], { input: TEST_KEY, secrets: [TEST_KEY, old] });
      expect(run.code).toBe(1);
      expect(run.setxCalls[0]).toEqual(['IONQ_API_KEY', TEST_KEY]);
      expect(run.stderr).toMatch(/the stored value \(…wxyz\) is not the key/);
      expect(machine.userVariable()).toBe(old);
    });
  });

  describe('Windows paths in messages (Git Bash: --target shell)', () => {
    it('the .bashrc in C:\\users\\<name> is named as a Windows path and holds the key', async () => {
      const run = await machine.runCli(['--key-stdin', '--target', 'shell', '--shell', 'bash'], { input: TEST_KEY, secrets: [TEST_KEY] });
      expect(run.code).toBe(0);
      const winPath = `C:\\users\\${machine.windowsUser}\\.bashrc`;
      expect(run.stdout).toContain(`bash  ${winPath}  created`);
      expect(run.stdout).not.toMatch(/\/(tmp|root|home)\//);
      expect(run.stderr).not.toMatch(/mode \d+/);
      expect(run.setxCalls).toEqual([]);
      const bashrc = readFileSync(join(machine.profileDir, '.bashrc'), 'utf8');
      expect(bashrc).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
      // Git Bash reads the file with bash: the block must not carry CR characters.
      expect(bashrc).not.toContain('\r');
    });
  });

  it('status reports the stored key masked, in the Windows user environment', async () => {
    machine.seedUserVariable(TEST_KEY);
    const run = await machine.runCli(['status', '--json'], { secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    const text = JSON.stringify(JSON.parse(run.stdout));
    expect(text).toContain('…zq7w');
    expect(text).toMatch(/windows|HKCU/i);
    const human = await machine.runCli(['status'], { secrets: [TEST_KEY] });
    expect(human.stdout).toContain('…zq7w');
    machine.deleteUserVariable();
  });

  it('remove deletes the value with the real reg delete; reg query then finds nothing', async () => {
    machine.seedUserVariable(TEST_KEY);
    const run = await machine.runCli(['remove', '--yes', '--json'], { secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
    expect(machine.userVariable()).toBeUndefined();
    expect(machine.reg(['query', 'HKCU\\Environment', '/v', 'IONQ_API_KEY']).code).not.toBe(0);
    expect(run.setxCalls).toEqual([]);
  });
});
