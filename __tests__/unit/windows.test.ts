// The Windows path through an injected System: exact argv handed to setx and reg, and the read-back
// that catches "setx said success but nothing was stored". (The real node.exe under Wine is tested in e2e.)
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { parseRegQuery } from '../../src/targets/windows';
import type { RunResult, Runner } from '../../src/system';

interface Call {
  file: string;
  args: readonly string[];
}

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
      return { exitCode: 0, stdout: `\r\nHKEY_CURRENT_USER\\Environment\r\n    IONQ_API_KEY    REG_SZ    ${state.value}\r\n\r\n`, stderr: '' };
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
    expect(fake.state.calls).toEqual([
      { file: 'reg', args: ['query', 'HKCU\\Environment', '/v', 'IONQ_API_KEY'] },
      { file: 'setx', args: ['IONQ_API_KEY', key] },
      { file: 'reg', args: ['query', 'HKCU\\Environment', '/v', 'IONQ_API_KEY'] },
    ]);
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
