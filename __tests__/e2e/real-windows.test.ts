// Windows for real (the windows-latest CI job): the built CLI stores the key in the user environment with the
// real setx, and a NEW PowerShell process — which reads HKCU\Environment, as every program started after the
// change gets it — sees exactly the key; `status` reports it; `remove` deletes it. And the PowerShell profile
// target: the file `set --shell pwsh` writes gives PowerShell the key exactly, and is one PowerShell reads.
// Wine cannot show these (its setx stores nothing): __tests__/e2e/windows-wine.test.ts covers the rest on Linux.
//
// This suite changes the real user environment of the machine it runs on: it reads IONQ_API_KEY's value and
// type first and puts them back afterwards. The key never reaches an argv (PowerShell reads it from the
// registry or from the environment, and writes it base64-encoded) and is never printed: failures show
// booleans, lengths and registry value types instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, runBuilt } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';

const onWindows = process.platform === 'win32';
if (!onWindows) {
  console.warn('SKIPPED: real-Windows tests run only on Windows (the windows-latest job)');
}
const describeWindows = onWindows ? describe : describe.skip;

const VARIABLE = 'IONQ_API_KEY';
const TIMEOUT = 120_000;

/** Keys that are awkward on Windows: quotes and backslashes (argv quoting), cmd's % ! ^ & | < > ( ), unicode. */
const WINDOWS_KEYS: readonly string[] = [TEST_KEY, ...AWKWARD_KEYS.filter((k) => /['"%!^&|<>()\\]|[^\x20-\x7e]/.test(k))];

/** A test title that says what is awkward about a key without showing it. */
function describeKey(key: string, index: number): string {
  const features: [RegExp, string][] = [
    [/'/, "'"], [/"/, '"'], [/%/, '%'], [/!/, '!'], [/\^/, '^'], [/&/, '&'], [/\|/, '|'], [/[<>()]/, '<>()'],
    [/\\$/, '\\ at the end'], [/\\./, '\\'], [/[\u2018-\u201b]/, 'typographic quotes'], [/[^ -~]/, 'non-ASCII'],
  ];
  const found = features.filter(([re]) => re.test(key)).map(([, name]) => name);
  return `key ${index + 1} of ${WINDOWS_KEYS.length} (${found.join(' ') || 'plain'})`;
}

/** The masked form the CLI shows: an ellipsis and the last four characters (keys here are longer than 8). */
const masked = (key: string): string => '…' + Array.from(key).slice(-4).join('');

/** pwsh (PowerShell 7, on every hosted runner) or else Windows PowerShell. */
function findPowerShell(): string | undefined {
  for (const program of ['pwsh', 'powershell']) {
    const r = spawnSync(program, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', 'exit 0'], { stdio: 'ignore', timeout: 60_000, windowsHide: true });
    if (r.status === 0) return program;
  }
  return undefined;
}

/** This process's environment without the key (the global setup removed it already; belt and braces). */
function processEnvWithoutKey(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name.toUpperCase() !== VARIABLE) env[name] = value;
  return env;
}

/**
 * Runs a script in a new PowerShell process and returns the JSON it printed after `IONQ-RESULT:`. The script
 * goes in -EncodedCommand (UTF-16LE, base64), so nothing in it is re-parsed by a command line; it gets values
 * through `env`, never argv. Strings come back as base64 of their UTF-8 bytes, so the output is ASCII and
 * exact whatever the console's code page ([Console]::OutputEncoding is not needed, and setting it can fail
 * where the process has no console).
 */
function powershell<T>(program: string, script: string, options: { env?: Record<string, string>; loadProfile?: boolean; secrets?: readonly string[] } = {}): T {
  const prelude = [
    "$ErrorActionPreference = 'Stop'",
    'function ConvertTo-B64($s) { if ($null -eq $s) { return $null }; [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$s)) }',
    'function Write-Result($o) { [Console]::Out.Write("IONQ-RESULT:" + (ConvertTo-Json -Compress -InputObject $o)) }',
  ].join('\n');
  const encoded = Buffer.from(`${prelude}\n${script}`, 'utf16le').toString('base64');
  const args = ['-NoLogo', ...(options.loadProfile ? [] : ['-NoProfile']), '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
  const r = spawnSync(program, args, { env: options.env ?? processEnvWithoutKey(), encoding: 'utf8', timeout: 60_000, windowsHide: true });
  for (const secret of options.secrets ?? []) {
    expectNoKey(r.stdout ?? '', secret, `${program} stdout`);
    expectNoKey(r.stderr ?? '', secret, `${program} stderr`);
  }
  if (r.error) throw r.error;
  const m = /IONQ-RESULT:(.*)$/s.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`${program} exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(m[1]!) as T;
}

const fromB64 = (b64: string | null): string | undefined => (b64 === null ? undefined : Buffer.from(b64, 'base64').toString('utf8'));

interface UserVariable {
  /** HKCU\Environment has a value of that name. */
  present: boolean;
  /** Its registry type: String (REG_SZ) or ExpandString (REG_EXPAND_SZ, %VARS% expanded for programs). */
  kind: string | null;
  /** What programs get: [Environment]::GetEnvironmentVariable(name, 'User'), expanded as .NET does. */
  value: string | undefined;
  /** The stored text, not expanded. */
  raw: string | undefined;
}

/** IONQ_API_KEY in the user environment, as a new PowerShell process reads it. */
function readUserVariable(program: string, secrets: readonly string[] = []): UserVariable {
  const r = powershell<{ present: boolean; kind: string | null; value: string | null; raw: string | null }>(
    program,
    `$name = '${VARIABLE}'
$key = Get-Item -LiteralPath 'HKCU:\\Environment'
$present = @($key.GetValueNames()) -contains $name
$kind = $null; $raw = $null
if ($present) {
  $kind = $key.GetValueKind($name).ToString()
  $raw = $key.GetValue($name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
}
$value = [Environment]::GetEnvironmentVariable($name, 'User')
Write-Result ([ordered]@{ present = $present; kind = $kind; value = (ConvertTo-B64 $value); raw = (ConvertTo-B64 $raw) })`,
    { secrets },
  );
  return { present: r.present, kind: r.kind, value: fromB64(r.value), raw: fromB64(r.raw) };
}

/** Puts IONQ_API_KEY back as it was (value and type), or deletes it if there was none. */
function restoreUserVariable(program: string, original: UserVariable): void {
  const env = processEnvWithoutKey();
  if (original.present) {
    env.IONQ_TEST_RESTORE_KIND = original.kind ?? 'String';
    env.IONQ_TEST_RESTORE_B64 = Buffer.from(original.raw ?? '', 'utf8').toString('base64');
  }
  powershell(
    program,
    `$name = '${VARIABLE}'
if ([string]::IsNullOrEmpty($env:IONQ_TEST_RESTORE_KIND)) {
  Remove-ItemProperty -LiteralPath 'HKCU:\\Environment' -Name $name -ErrorAction SilentlyContinue
} else {
  $value = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($env:IONQ_TEST_RESTORE_B64))
  New-ItemProperty -LiteralPath 'HKCU:\\Environment' -Name $name -PropertyType $env:IONQ_TEST_RESTORE_KIND -Value $value -Force | Out-Null
}
Write-Result $true`,
    { env },
  );
}

/**
 * The CLI's environment: the temp home as HOME and USERPROFILE (and APPDATA, TEMP… inside it), the few
 * system variables Windows programs expect, and nothing else — no CI variables, so no CI channel is chosen.
 */
function cliEnv(h: TempHome): Record<string, string> {
  const env: Record<string, string> = {};
  // process.env is case-insensitive on Windows.
  for (const name of ['SystemRoot', 'windir', 'SystemDrive', 'ComSpec', 'PATHEXT', 'ProgramData', 'ProgramFiles', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE', 'OS', 'USERNAME', 'USERDOMAIN']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const local = join(h.home, 'AppData', 'Local');
  const temp = join(local, 'Temp');
  mkdirSync(temp, { recursive: true });
  mkdirSync(join(h.home, 'AppData', 'Roaming'), { recursive: true });
  return { ...env, ...h.env, TEMP: temp, TMP: temp, LOCALAPPDATA: local, APPDATA: join(h.home, 'AppData', 'Roaming') };
}

interface JsonReport {
  ok: boolean;
  targets: { kind: string; status: string; path?: string; shell?: string }[];
  data?: { state?: string; places?: { kind: string; variable: string; masked: string; path?: string }[] };
}
const parseReport = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

// Runs everywhere, so the suite is never skipped whole (jest does not print the skip reason of a suite
// with no test run), and so a change to AWKWARD_KEYS cannot quietly drop a case.
describe('the real-Windows keys', () => {
  it("cover quotes, %, !, ^, &, a trailing backslash and non-ASCII; test titles never show them", () => {
    for (const re of [/'/, /"/, /%/, /!/, /\^/, /&/, /\\$/, /[^ -~]/]) expect({ re: String(re), covered: WINDOWS_KEYS.some((k) => re.test(k)) }).toEqual({ re: String(re), covered: true });
    WINDOWS_KEYS.forEach((key, i) => expectNoKey(describeKey(key, i), key, 'a test title'));
  });
});

describeWindows(`real Windows: the built CLI (${BUILT_CLI}) on ${NODE_UNDER_TEST}`, () => {
  let ps: string;
  let original: UserVariable | undefined;
  let h: TempHome;
  let env: Record<string, string>;

  beforeAll(async () => {
    expect(existsSync(BUILT_CLI)).toBe(true);
    const found = findPowerShell();
    if (!found) throw new Error('Neither pwsh nor powershell.exe could be started.');
    ps = found;
    original = readUserVariable(ps);
    h = await makeTempHome('ionq-win-');
    env = cliEnv(h);
  }, TIMEOUT);

  afterAll(async () => {
    try {
      if (ps && original) restoreUserVariable(ps, original);
    } finally {
      await h?.cleanup();
    }
  }, TIMEOUT);

  describe('set --target windows: a new PowerShell process reads back exactly the key', () => {
    it.each(WINDOWS_KEYS.map((key, i) => [describeKey(key, i), key] as const))(
      '%s',
      async (_title, key) => {
        // --force: the previous test (or the machine) may have another key set.
        const set = await runBuilt(['set', '--target', 'windows', '--key-stdin', '--yes', '--force', '--json'], { env, input: key, secrets: [key], timeoutMs: 90_000 });
        expect({ code: set.code, stderr: set.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
        expect(parseReport(set.stdout).targets).toEqual([{ kind: 'windows', status: expect.stringMatching(/^(created|updated|unchanged)$/) }]);

        const seen = readUserVariable(ps, [key]);
        // Compared without printing the key: on failure the diff shows which reading differs, and the type.
        expect({
          present: seen.present,
          programsGetTheKey: seen.value === key,
          storedTextIsTheKey: seen.raw === key,
          length: seen.value === undefined ? -1 : Array.from(seen.value).length,
          kind: seen.kind,
        }).toEqual({ present: true, programsGetTheKey: true, storedTextIsTheKey: true, length: Array.from(key).length, kind: seen.kind });

        const status = await runBuilt(['status', '--json'], { env, secrets: [key], timeoutMs: 90_000 });
        const report = parseReport(status.stdout);
        expect({ code: status.code, state: report.data?.state }).toEqual({ code: 0, state: 'consistent' });
        expect(report.data?.places).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'windows', variable: VARIABLE, masked: masked(key) })]));
      },
      TIMEOUT,
    );
  });

  it(
    'set with the same key again changes nothing',
    async () => {
      await runBuilt(['set', '--target', 'windows', '--key-stdin', '--yes', '--force'], { env, input: TEST_KEY, secrets: [TEST_KEY], timeoutMs: 90_000 });
      const again = await runBuilt(['set', '--target', 'windows', '--key-stdin', '--yes', '--json'], { env, input: TEST_KEY, secrets: [TEST_KEY], timeoutMs: 90_000 });
      expect(again.code).toBe(0);
      expect(parseReport(again.stdout).targets).toEqual([{ kind: 'windows', status: 'unchanged' }]);
    },
    TIMEOUT,
  );

  it(
    'remove --yes --target windows deletes it: a new PowerShell process sees $null',
    async () => {
      const set = await runBuilt(['set', '--target', 'windows', '--key-stdin', '--yes', '--force'], { env, input: TEST_KEY, secrets: [TEST_KEY], timeoutMs: 90_000 });
      expect(set.code).toBe(0);
      expect(readUserVariable(ps, [TEST_KEY]).present).toBe(true);

      const removed = await runBuilt(['remove', '--yes', '--target', 'windows', '--json'], { env, secrets: [TEST_KEY], timeoutMs: 90_000 });
      expect(removed.code).toBe(0);
      expect(parseReport(removed.stdout).targets).toEqual([{ kind: 'windows', status: 'removed' }]);
      expect(readUserVariable(ps, [TEST_KEY])).toEqual({ present: false, kind: null, value: undefined, raw: undefined });

      const status = await runBuilt(['status', '--json'], { env, secrets: [TEST_KEY], timeoutMs: 90_000 });
      expect({ code: status.code, state: parseReport(status.stdout).data?.state }).toEqual({ code: 1, state: 'none' });
    },
    TIMEOUT,
  );

  describe('the PowerShell profile (set --target shell --shell pwsh)', () => {
    // Keys whose quoting PowerShell is particular about: ' (doubled), the typographic quotes it also treats
    // as quotes, $ and ` (inert in single quotes), and non-ASCII text in a file PowerShell must read as UTF-8.
    const PROFILE_KEYS = [TEST_KEY, ...AWKWARD_KEYS.filter((k) => /['$`\u2018-\u201b]|[^\x20-\x7e]/.test(k))];
    let p: TempHome;
    let pEnv: Record<string, string>;
    beforeEach(async () => {
      p = await makeTempHome('ionq-win-pwsh-');
      pEnv = cliEnv(p);
    });
    afterEach(() => p.cleanup());

    const setProfile = async (key: string): Promise<string> => {
      const set = await runBuilt(['set', '--target', 'shell', '--shell', 'pwsh', '--key-stdin', '--json'], { env: pEnv, input: key, secrets: [key], timeoutMs: 90_000 });
      expect(set.code).toBe(0);
      const [target, ...rest] = parseReport(set.stdout).targets;
      expect(rest).toEqual([]);
      expect(target).toMatchObject({ kind: 'shell', shell: 'pwsh', status: 'created' });
      expect(existsSync(target!.path!)).toBe(true);
      return target!.path!;
    };

    it.each(PROFILE_KEYS.map((key, i) => [`key ${i + 1} of ${PROFILE_KEYS.length}`, key] as const))(
      'the file gives PowerShell exactly the key when loaded (%s)',
      async (_title, key) => {
        const profile = await setProfile(key);
        // Dot-sourced as PowerShell loads a profile; the path comes through the environment, not the script.
        const r = powershell<string | null>(ps, '. $env:IONQ_TEST_PROFILE\nWrite-Result (ConvertTo-B64 $env:IONQ_API_KEY)', {
          env: { ...processEnvWithoutKey(), IONQ_TEST_PROFILE: profile },
          secrets: [key],
        });
        const value = fromB64(r);
        expect({ set: value !== undefined, exact: value === key }).toEqual({ set: true, exact: true });
      },
      TIMEOUT,
    );

    it(
      'the file is the profile PowerShell reads for this user',
      async () => {
        const written = await setProfile(TEST_KEY);
        // Where PowerShell itself looks, started with the same home. $PROFILE comes from the Documents known
        // folder, which Windows takes from the registry rather than USERPROFILE: if PowerShell still points
        // into the real Documents, the temp home cannot be used to start it with this profile, and the test
        // checks the file is at the same place relative to the home (<home>\Documents\PowerShell\…).
        const where = powershell<{ profile: string }>(ps, 'Write-Result @{ profile = $PROFILE.CurrentUserCurrentHost }', { env: { ...processEnvWithoutKey(), ...pEnv } });
        const redirected = where.profile.toLowerCase().startsWith(p.home.toLowerCase());
        if (ps === 'pwsh' && redirected) {
          expect(written.toLowerCase()).toBe(where.profile.toLowerCase());
          // A new pwsh that loads its profile as usual sees the key.
          const value = fromB64(powershell<string | null>(ps, 'Write-Result (ConvertTo-B64 $env:IONQ_API_KEY)', { env: { ...processEnvWithoutKey(), ...pEnv }, loadProfile: true, secrets: [TEST_KEY] }));
          expect(value === TEST_KEY).toBe(true);
        } else {
          expect(written.toLowerCase()).toBe(join(p.home, 'Documents', 'PowerShell', 'Microsoft.PowerShell_profile.ps1').toLowerCase());
        }
      },
      TIMEOUT,
    );

    it(
      'status finds the key in that file, and remove takes it out',
      async () => {
        const written = await setProfile(TEST_KEY);
        const status = await runBuilt(['status', '--json'], { env: pEnv, secrets: [TEST_KEY], timeoutMs: 90_000 });
        expect(parseReport(status.stdout).data?.places).toEqual(
          expect.arrayContaining([expect.objectContaining({ kind: 'file', variable: VARIABLE, path: written, masked: masked(TEST_KEY) })]),
        );

        const removed = await runBuilt(['remove', '--yes', '--target', 'shell', '--shell', 'pwsh', '--json'], { env: pEnv, secrets: [TEST_KEY], timeoutMs: 90_000 });
        expect(removed.code).toBe(0);
        expect(parseReport(removed.stdout).targets).toEqual([expect.objectContaining({ kind: 'shell', path: written, status: 'removed' })]);
        const after = existsSync(written)
          ? fromB64(powershell<string | null>(ps, '. $env:IONQ_TEST_PROFILE\nWrite-Result (ConvertTo-B64 $env:IONQ_API_KEY)', { env: { ...processEnvWithoutKey(), IONQ_TEST_PROFILE: written } }))
          : undefined;
        expect(after).toBeUndefined();
      },
      TIMEOUT,
    );
  });
});
