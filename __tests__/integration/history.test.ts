// History files in each shell's own format, holding the key and literal assignments among other lines:
// status counts them (file and count, never the line); scrub-history removes exactly those entries and
// keeps every other byte and the file's mode; --dry-run and a refusal change nothing.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { confirm, scriptedAsker } from '../helpers/scripted-asker';

const TYPED_KEY = 'ionqTYPEDkey-1357924680abcdef-t7pd';
const LITERAL = 'ionqLITERALvalue-99887766-l1t3';
const SECRETS = [TEST_KEY, TYPED_KEY, LITERAL];

interface HistoryCase {
  rel: string;
  /** The file, as parts: [keep, text] — `keep: false` parts must be removed. */
  parts: [boolean, string | Buffer][];
  holdsKey: number;
  assignsLiteral: number;
}

const CASES: Record<string, HistoryCase> = {
  // zsh extended history: ": start:elapsed;command", a command continued over lines with a backslash.
  zsh: {
    rel: '.zsh_history',
    parts: [
      [true, ': 1700000000:0;ls -la\n'],
      [false, `: 1700000001:0;export IONQ_API_KEY=${TEST_KEY}\n`],
      [true, Buffer.concat([Buffer.from(': 1700000002:0;echo caf'), Buffer.from([0xc3, 0x83, 0x89]), Buffer.from('\n')])],
      [false, `: 1700000003:2;CIRQ_IONQ_API_KEY=${LITERAL} \\\npython run.py\n`],
      [true, ': 1700000004:0;echo $IONQ_API_KEY\n'],
    ],
    holdsKey: 1,
    assignsLiteral: 1,
  },
  // fish's YAML-like format: "- cmd:" then indented when/paths lines.
  fish: {
    rel: '.local/share/fish/fish_history',
    parts: [
      [true, '- cmd: cd ~/work\n  when: 1700000000\n'],
      [false, `- cmd: set -gx IONQ_API_KEY ${TYPED_KEY}\n  when: 1700000001\n`],
      [true, '- cmd: echo a\\\\b\\nc\n  when: 1700000002\n  paths:\n    - ~/work\n'],
      [false, `- cmd: curl -H "Authorization: apiKey ${TEST_KEY}" https://api.ionq.co/v0.4/whoami\n  when: 1700000003\n`],
    ],
    holdsKey: 1,
    assignsLiteral: 1,
  },
  // bash with HISTTIMEFORMAT: a "#seconds" line before each command.
  bash: {
    rel: '.bash_history',
    parts: [
      [true, '#1700000000\nls\n'],
      [false, `#1700000001\nexport QISKIT_IONQ_API_TOKEN='${LITERAL}'\n`],
      [true, '#1700000002\nunset IONQ_API_KEY\n'],
      [false, `#1700000003\nnpx ionq-env-setup --key ${TEST_KEY}\n`],
      [true, 'printenv IONQ_API_KEY'],
    ],
    holdsKey: 1,
    assignsLiteral: 1,
  },
  // tcsh savehist with timestamps.
  tcsh: {
    rel: '.history',
    parts: [
      [true, '#+1700000000\nls\n'],
      [false, `#+1700000001\nsetenv IONQ_API_KEY ${LITERAL}\n`],
      [true, '#+1700000002\npwd\n'],
    ],
    holdsKey: 0,
    assignsLiteral: 1,
  },
  // PSReadLine: CRLF, a backtick continues a command.
  pwsh: {
    rel: '.local/share/powershell/PSReadLine/ConsoleHost_history.txt',
    parts: [
      [true, 'Get-Date\r\n'],
      [false, `$env:IONQ_API_KEY = '${TYPED_KEY}'\r\n`],
      [true, 'Write-Host a`\r\nb\r\n'],
    ],
    holdsKey: 0,
    assignsLiteral: 1,
  },
};

const bytes = (parts: HistoryCase['parts'], keepOnly: boolean): Buffer =>
  Buffer.concat(parts.filter(([keep]) => keep || !keepOnly).map(([, t]) => (typeof t === 'string' ? Buffer.from(t, 'utf8') : t)));

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
  for (const c of Object.values(CASES)) {
    const full = join(h.home, c.rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes(c.parts, false));
    chmodSync(full, 0o640);
  }
  // The key this machine knows: in the tool's block.
  const set = await runInProcess(['--key-stdin', '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, secrets: SECRETS });
  expect(set.code).toBe(0);
});
afterEach(() => h.cleanup());

const env = () => ({ ...h.env, SHELL: '/bin/bash' });

describe('status and history files', () => {
  it('counts the exposing lines of each file without printing them', async () => {
    const run = await runInProcess(['status', '--json'], { env: env(), secrets: SECRETS });
    const history = JSON.parse(run.stdout).data.history as { path: string; lines: number; holdsKey: number; assignsLiteral: number }[];
    for (const [name, c] of Object.entries(CASES)) {
      const found = history.find((f) => f.path === join(h.home, c.rel));
      // TYPED_KEY is known to no file or variable: its lines count as literal assignments, not as the key.
      expect({ name, found }).toEqual({ name, found: expect.objectContaining({ lines: c.holdsKey + c.assignsLiteral, holdsKey: c.holdsKey, assignsLiteral: c.assignsLiteral }) });
    }
    const human = await runInProcess(['status'], { env: env(), secrets: SECRETS });
    expect(human.stdout).toContain('~/.zsh_history has 2 history lines that expose a key (1 with a known key, 1 giving a key variable a literal value; not shown).');
    expect(human.stdout).toContain('npx ionq-env-setup scrub-history');
  });
});

describe('scrub-history', () => {
  it('removes exactly the exposing entries, keeping every other byte and each file\'s mode', async () => {
    const run = await runInProcess(['scrub-history', '--yes'], { env: env(), secrets: SECRETS });
    expect(run.code).toBe(0);
    for (const [name, c] of Object.entries(CASES)) {
      const full = join(h.home, c.rel);
      expect({ name, same: readFileSync(full).equals(bytes(c.parts, true)) }).toEqual({ name, same: true });
      expect({ name, mode: statSync(full).mode & 0o777 }).toEqual({ name, mode: 0o640 });
    }
    expect(run.stdout).toContain('~/.zsh_history: 2 lines (1 with a known key, 1 giving a key variable a literal value)');
    expect(run.stdout).toMatch(/revoked and replaced/);
    expect(run.stdout).toContain('unset HISTFILE');
    expect(run.stdout).toContain('history clear-session');
    // A second run finds nothing.
    const again = await runInProcess(['scrub-history', '--json'], { env: env(), secrets: SECRETS });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).data.lines).toBe(0);
  });

  it('--dry-run counts and changes nothing; without a terminal or --yes it refuses (exit 2) and changes nothing', async () => {
    const before = snapshotDir(h.home);
    const dry = await runInProcess(['scrub-history', '--dry-run', '--json'], { env: env(), secrets: SECRETS });
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.data.lines).toBe(8);
    expect(report.targets.every((t: { status: string; diff?: string }) => t.status === 'would-update' && t.diff === undefined)).toBe(true);
    expect(snapshotDir(h.home)).toEqual(before);

    const refused = await runInProcess(['scrub-history'], { env: env(), secrets: SECRETS });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no terminal to ask first/);
    expect(refused.stderr).toMatch(/--yes/);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('on a terminal it asks first; no changes nothing, yes scrubs', async () => {
    const before = snapshotDir(h.home);
    const no = scriptedAsker([confirm(/Remove these 8 lines\?/, false, true)]);
    const declined = await runInProcess(['scrub-history'], { env: env(), secrets: SECRETS, stdinIsTTY: true, stdoutIsTTY: true, asker: no.factory });
    no.finish();
    expect(declined.code).toBe(0);
    expect(declined.stderr).toContain('Found 8 history lines that expose a key (not shown)');
    expect(snapshotDir(h.home)).toEqual(before);

    const yes = scriptedAsker([confirm(/Remove these 8 lines\?/, true)]);
    const accepted = await runInProcess(['scrub-history'], { env: env(), secrets: SECRETS, stdinIsTTY: true, stdoutIsTTY: true, asker: yes.factory });
    yes.finish();
    expect(accepted.code).toBe(0);
    expect(readFileSync(join(h.home, '.bash_history')).equals(bytes(CASES.bash!.parts, true))).toBe(true);
  });

  it('a key given with --key-stdin is looked for too, in any command', async () => {
    const other = 'ionqOTHERkey-2468013579-0th3';
    const file = join(h.home, '.bash_history');
    writeFileSync(file, `ls\necho ${other} | pbcopy\npwd\n`);
    const before = snapshotDir(h.home);
    const without = await runInProcess(['scrub-history', '--dry-run', '--json'], { env: env(), secrets: [...SECRETS, other] });
    expect(JSON.parse(without.stdout).data.files.find((f: { path: string }) => f.path === file)).toBeUndefined();
    const withKey = await runInProcess(['scrub-history', '--key-stdin', '--yes'], { env: env(), stdin: other, secrets: [...SECRETS, other] });
    expect(withKey.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('ls\npwd\n');
    expect(Object.keys(snapshotDir(h.home)).sort()).toEqual(Object.keys(before).sort());
  });

  it('with HISTFILE pointing at a file, that file is scrubbed (once, even if it is also a usual one)', async () => {
    const custom = join(h.home, 'my_history');
    writeFileSync(custom, `ls\nexport IONQ_API_KEY=${LITERAL}\n`);
    const run = await runInProcess(['scrub-history', '--yes', '--json'], { env: { ...env(), HISTFILE: custom }, secrets: SECRETS });
    expect(run.code).toBe(0);
    expect(readFileSync(custom, 'utf8')).toBe('ls\n');
    const paths = JSON.parse(run.stdout).data.files.map((f: { path: string }) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
