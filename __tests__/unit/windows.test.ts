// The Windows path through an injected System: exact argv handed to setx and reg, and the read-back
// that catches "setx said success but nothing was stored". (The real node.exe under Wine is tested in e2e.)
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { writeFileSync } from 'node:fs';
import { isExactInRegQuery, parseRegExport, parseRegQuery } from '../../src/targets/windows';
import type { RunResult, Runner } from '../../src/platform/system';

interface Call {
  file: string;
  args: readonly string[];
}

/**
 * How reg query shows a value through a pipe: in the OEM code page, where characters it cannot show come
 * out as `?` (what Wine's and Windows' reg.exe do; the exact bytes of the rest do not matter here).
 */
const oemShown = (value: string): string => value.replace(/[^\x20-\x7e]/gu, '?');

/** What reg export writes for the value: UTF-16LE with a BOM, backslashes and quotes escaped. */
const regExportText = (value: string): string =>
  `\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Environment]\r\n"IONQ_API_KEY"="${value.replace(/[\\"]/g, '\\$&')}"\r\n"TEMP"="C:\\\\x"\r\n\r\n`;

/** A fake HKCU\Environment with setx and reg behaving like Windows' (or like a broken setx). */
function fakeWindows(initial?: string, setxStores: (v: string) => string | undefined = (v) => v) {
  const state = { value: initial, calls: [] as Call[] };
  const run: Runner = async (file, args): Promise<RunResult> => {
    state.calls.push({ file, args });
    if (file === 'setx') {
      state.value = setxStores(args[1]!);
      return { exitCode: 0, stdout: '\r\nSUCCESS: Specified value was saved.\r\n', stderr: '' };
    }
    if (file === 'reg' && args[0] === 'query') {
      if (state.value === undefined) return { exitCode: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };
      return { exitCode: 0, stdout: `\r\nHKEY_CURRENT_USER\\Environment\r\n    IONQ_API_KEY    REG_SZ    ${oemShown(state.value)}\r\n\r\n`, stderr: '' };
    }
    if (file === 'reg' && args[0] === 'export') {
      writeFileSync(args[2]!, regExportText(state.value ?? ''), 'utf16le');
      return { exitCode: 0, stdout: '', stderr: '' };
    }
    if (file === 'reg' && args[0] === 'delete') {
      state.value = undefined;
      return { exitCode: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };
    }
    return { exitCode: 1, stdout: '', stderr: '', spawnError: 'ENOENT' };
  };
  return { state, run };
}

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

const win = (argv: string[], key: string, run: Runner) =>
  runInProcess(['--key-stdin', ...argv], { env: { ...h.env, USERPROFILE: h.home }, stdin: key, platform: 'win32', run, secrets: [key] });

describe('Windows: setx and the registry read-back', () => {
  it.each(AWKWARD_KEYS.map((k) => [k]))('hands %j to setx as one unaltered argument, then reads it back', async (key) => {
    const fake = fakeWindows();
    const run = await win([], key, fake.run);
    expect(run.code).toBe(0);
    const query = { file: 'reg', args: ['query', 'HKCU\\Environment', '/v', 'IONQ_API_KEY'] };
    // Only a value reg query cannot show exactly is read again through reg export.
    const readBack = isExactInRegQuery(key) ? [query] : [query, { file: 'reg', args: ['export', 'HKCU\\Environment', expect.stringMatching(/environment\.reg$/), '/y'] }];
    expect(fake.state.calls).toEqual([query, { file: 'setx', args: ['IONQ_API_KEY', key] }, ...readBack]);
    // setx is the one program that gets the key on its command line (documented in docs/security.md).
    for (const call of fake.state.calls.filter((c) => c.file !== 'setx')) expect(call.args.join(' ')).not.toContain(key);
    expect(run.stdout).toMatch(/Open a new terminal/);
    expect(run.stdout).toContain("[Environment]::GetEnvironmentVariable('IONQ_API_KEY', 'User')");
  });

  it('setx reporting success without storing anything is a failure (exit 1)', async () => {
    const fake = fakeWindows(undefined, () => undefined);
    const run = await win([], TEST_KEY, fake.run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/setx reported success, but reading HKCU\\Environment back shows nothing was stored/);
  });

  it('a truncated value is caught, and the previous state restored', async () => {
    const fake = fakeWindows(undefined, (v) => v.slice(0, 10));
    const run = await win([], TEST_KEY, fake.run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not the key/);
    expect(fake.state.value).toBeUndefined();
    expect(fake.state.calls.at(-1)).toEqual({ file: 'reg', args: ['delete', 'HKCU\\Environment', '/v', 'IONQ_API_KEY', '/f'] });
  });

  it('the same key already stored: unchanged, setx not run', async () => {
    const fake = fakeWindows(TEST_KEY);
    const run = await win(['--json'], TEST_KEY, fake.run);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets).toEqual([{ kind: 'windows', status: 'unchanged' }]);
    expect(fake.state.calls.map((c) => c.file)).toEqual(['reg']);
  });

  it('a different key stored: exit 2 without --force, replaced with it', async () => {
    const fake = fakeWindows('old-windows-key-aaaa');
    const refused = await win([], TEST_KEY, fake.run);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/…aaaa/);
    expect(fake.state.value).toBe('old-windows-key-aaaa');
    const forced = await win(['--force'], TEST_KEY, fake.run);
    expect(forced.code).toBe(0);
    expect(fake.state.value).toBe(TEST_KEY);
  });

  it('--dry-run runs no setx', async () => {
    const fake = fakeWindows();
    const run = await win(['--dry-run', '--json'], TEST_KEY, fake.run);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets).toEqual([{ kind: 'windows', status: 'would-create' }]);
    expect(fake.state.calls.some((c) => c.file === 'setx')).toBe(false);
  });

  it('a setx that cannot be started is a failure with its reason, without the key', async () => {
    const run = await win([], TEST_KEY, async (file, args) =>
      file === 'reg' && args[0] === 'query' ? { exitCode: 1, stdout: '', stderr: '' } : { exitCode: -1, stdout: '', stderr: '', spawnError: 'ENOENT' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/could not start setx: ENOENT/);
  });
});

describe('values reg query cannot show exactly (non-ASCII, or a ? that may stand for one)', () => {
  it.each(['ünïcödé-€-😀-TEST-0012', '*?[a-z]{x,y}~TEST-0013', '\u2018smart\u2019TEST-0019'])('the same key %j stored: unchanged, via reg export', async (key) => {
    const fake = fakeWindows(key);
    const run = await win(['--json'], key, fake.run);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).targets).toEqual([{ kind: 'windows', status: 'unchanged' }]);
    expect(fake.state.calls.map((c) => c.args[0])).toEqual(['query', 'export']);
  });

  it('a different non-ASCII key that reg query shows the same way is still told apart', async () => {
    const fake = fakeWindows('ünïcödé-TEST-aaaa');
    const run = await win([], 'ñnïcödé-TEST-aaaa', fake.run);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/A different key is already set/);
  });

  it('the private export folder is removed afterwards', async () => {
    const fake = fakeWindows('ünïcödé-TEST-bbbb');
    await win([], 'ünïcödé-TEST-bbbb', fake.run);
    const exportFile = fake.state.calls.find((c) => c.args[0] === 'export')!.args[2]!;
    expect(exportFile.startsWith(h.home)).toBe(true);
    const { existsSync } = await import('node:fs');
    expect(existsSync(exportFile)).toBe(false);
  });
});

describe('parsing reg export', () => {
  it.each([
    ['"IONQ_API_KEY"="a\\\\b\\"c"', 'a\\b"c'],
    ['"ionq_api_key"="v"', 'v'],
    ['"IONQ_API_KEY"=hex(2):25,00,50,00,41,00,\\\r\n  54,00,48,00,25,00,00,00', '%PAT' + 'H%'],
    ['"OTHER"="v"', undefined],
  ])('%j', (line, expected) => {
    expect(parseRegExport(`\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Environment]\r\n${line}\r\n`)).toEqual(expected);
  });
});

describe('parsing reg query', () => {
  it.each([
    ['    IONQ_API_KEY    REG_SZ    abc def', { type: 'REG_SZ', value: 'abc def' }],
    ['    IONQ_API_KEY    REG_EXPAND_SZ    %X%', { type: 'REG_EXPAND_SZ', value: '%X%' }],
    ['    ionq_api_key    REG_SZ    v', { type: 'REG_SZ', value: 'v' }],
    ['    IONQ_API_KEY    REG_SZ    ', { type: 'REG_SZ', value: '' }],
    ['    OTHER    REG_SZ    v', undefined],
  ])('%j', (line, expected) => {
    expect(parseRegQuery(`HKEY_CURRENT_USER\\Environment\r\n${line}\r\n`)).toEqual(expected);
  });
});

describe('shell files on Windows (Git Bash)', () => {
  it('no "readable by other users" warning: Windows has no Unix modes (Node reports 666 for every file)', async () => {
    const { writeFileSync: write, chmodSync } = await import('node:fs');
    const { join } = await import('node:path');
    write(join(h.home, '.bashrc'), '# mine\n');
    chmodSync(join(h.home, '.bashrc'), 0o666);
    const onWindows = await runInProcess(['--key-stdin', '--target', 'shell', '--shell', 'bash', '--json'], {
      env: { ...h.env, USERPROFILE: h.home }, stdin: TEST_KEY, platform: 'win32', secrets: [TEST_KEY],
    });
    expect(onWindows.code).toBe(0);
    expect(JSON.parse(onWindows.stdout).warnings.map((w: { code: string }) => w.code)).not.toContain('FILE_READABLE_BY_OTHERS');
    // The same file on Linux does get the warning (so the test above could fail).
    const onLinux = await runInProcess(['--key-stdin', '--shell', 'bash', '--json', '--force'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(JSON.parse(onLinux.stdout).warnings.map((w: { code: string }) => w.code)).toContain('FILE_READABLE_BY_OTHERS');
  });
});
