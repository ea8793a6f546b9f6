// Shell history files as whole commands (src/history/formats.ts), which commands expose a key however the
// shell spells it (src/history/secrets.ts), where each shell keeps its history (src/history/files.ts), and
// what scrub-history counts and removes (src/history/scan.ts).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitHistory, withoutEntries } from '../../src/history/formats';
import { exposure } from '../../src/history/secrets';
import { historyFiles } from '../../src/history/files';
import { exposingEntries, keyForms, scanHistory, scrubbed } from '../../src/history/scan';
import { createNodeSystem } from '../../src/platform/system';
import type { Context } from '../../src/core/context';
import { faultyFs } from '../helpers/faulty-fs';

const bin = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const KEY = 'ionqHISTORYkey-1234567890abcdef';

describe('splitHistory: bash and tcsh', () => {
  it('a timestamp line belongs to the command after it', () => {
    expect(splitHistory('bash', '#1700000000\nls -l\npwd\n')).toEqual([
      { start: 0, end: 18, line: 1, command: 'ls -l' },
      { start: 18, end: 22, line: 3, command: 'pwd' },
    ]);
  });

  it('a history that ends on a timestamp line: that line is an entry of its own', () => {
    expect(splitHistory('bash', 'ls\n#1700000000\n')).toEqual([
      { start: 0, end: 3, line: 1, command: 'ls' },
      { start: 3, end: 15, line: 2, command: '#1700000000' },
    ]);
    expect(splitHistory('tcsh', '#+1700000000')).toEqual([{ start: 0, end: 12, line: 1, command: '#+1700000000' }]);
  });

  it.each([
    ['bash', '#17000x'],
    ['bash', '# 1700000000'],
    ['bash', '#'],
    ['bash', 'x#1700000000'],
    ['bash', '#+1700000000'],
    ['tcsh', '#1700000000'],
    ['tcsh', '#+17x'],
  ] as const)('%s: %j is a command, not a timestamp', (format, line) => {
    expect(splitHistory(format, `${line}\nls\n`).map((e) => e.command)).toEqual([line, 'ls']);
  });

  it('tcsh timestamps are "#+<seconds>"', () => {
    expect(splitHistory('tcsh', '#+1700000000\nsetenv A b\n')).toEqual([{ start: 0, end: 24, line: 1, command: 'setenv A b' }]);
  });

  it('commands are decoded from UTF-8; a CRLF line loses its CR', () => {
    expect(splitHistory('bash', bin('echo ü\r\n')).map((e) => e.command)).toEqual(['echo ü']);
  });
});

describe('splitHistory: zsh', () => {
  it('drops the ": <start>:<elapsed>;" prefix', () => {
    expect(splitHistory('zsh', ': 1700000000:12;ls\n').map((e) => e.command)).toEqual(['ls']);
    expect(splitHistory('zsh', ':1700000000:0;ls\n: x:0;ls\n').map((e) => e.command)).toEqual([':1700000000:0;ls', ': x:0;ls']);
    expect(splitHistory('zsh', 'ls : 1:0;x\n').map((e) => e.command)).toEqual(['ls : 1:0;x']);
  });

  it('a line ending in a backslash continues on the next, even at the end of the file', () => {
    expect(splitHistory('zsh', ': 1:0;echo a\\\nb\\\nc\n: 2:0;pwd\n')).toEqual([
      { start: 0, end: 19, line: 1, command: 'echo a\\\nb\\\nc' },
      { start: 19, end: 29, line: 4, command: 'pwd' },
    ]);
    expect(splitHistory('zsh', ': 1:0;echo a\\\n').map((e) => e.command)).toEqual(['echo a\\']);
  });

  it('unmetafies: 0x83 then a byte stands for that byte xor 0x20', () => {
    expect(splitHistory('zsh', 'echo ' + String.fromCharCode(0xc3, 0x83, 0x89) + '\n')[0]!.command).toBe('echo é');
    expect(splitHistory('zsh', 'a' + String.fromCharCode(0x83) + '\n')[0]!.command).toBe('a\ufffd');
    // NUL is stored as 0x83 0x20.
    expect(splitHistory('zsh', 'a' + String.fromCharCode(0x83) + ' b\n')[0]!.command).toBe('a\u0000b');
  });

  it('only zsh is unmetafied or has the prefix', () => {
    expect(splitHistory('pwsh', ': 1:0;ls\n')[0]!.command).toBe(': 1:0;ls');
    // "ăa": the UTF-8 of ă ends in 0x83, which only zsh would take for its meta byte.
    expect(splitHistory('pwsh', bin('ăa\n'))[0]!.command).toBe('ăa');
  });
});

describe('splitHistory: PowerShell', () => {
  it('a line ending in a backtick continues on the next', () => {
    expect(splitHistory('pwsh', 'Write-Host a`\r\nb\r\nGet-Date\r\n')).toEqual([
      { start: 0, end: 18, line: 1, command: 'Write-Host a`\nb' },
      { start: 18, end: 28, line: 3, command: 'Get-Date' },
    ]);
    expect(splitHistory('pwsh', 'a`').map((e) => e.command)).toEqual(['a`']);
    expect(splitHistory('pwsh', 'a\\\nb\n').map((e) => e.command)).toEqual(['a\\', 'b']);
  });
});

describe('splitHistory: fish', () => {
  it('"- cmd:" starts an entry; the indented lines after it belong to it', () => {
    const text = '- cmd: ls\n  when: 1\n  paths:\n    - /tmp\n- cmd: pwd\n  when: 2\n';
    expect(splitHistory('fish', text)).toEqual([
      { start: 0, end: 40, line: 1, command: 'ls' },
      { start: 40, end: 61, line: 5, command: 'pwd' },
    ]);
  });

  it('un-escapes \\\\ and \\n only', () => {
    expect(splitHistory('fish', '- cmd: a\\\\b\\nc\\td\n')[0]!.command).toBe('a\\b\nc\\td');
  });

  it('an indented line after a line that is not an entry is an entry of its own', () => {
    expect(splitHistory('fish', 'junk\n  indented\n- cmd: ls\n').map((e) => [e.line, e.command])).toEqual([
      [1, ''],
      [2, ''],
      [3, 'ls'],
    ]);
  });

  it('other lines are entries with no command; a tab-indented line also continues', () => {
    expect(splitHistory('fish', 'junk\n- cmd: x\n\twhen: 1\n-cmd: y\n').map((e) => [e.line, e.command])).toEqual([
      [1, ''],
      [2, 'x'],
      [4, ''],
    ]);
  });
});

describe('withoutEntries', () => {
  it('removes the given entries, in any order, keeping every other byte', () => {
    const text = 'a\nb\nc\nd\n';
    const entries = splitHistory('bash', text);
    expect(withoutEntries(text, [entries[2]!, entries[0]!])).toBe('b\nd\n');
    expect(withoutEntries(text, [])).toBe(text);
    expect(withoutEntries(text, [entries[3]!])).toBe('a\nb\nc\n');
  });
});

describe('exposure', () => {
  it('a known key of 8 characters or more, anywhere in the command', () => {
    expect(exposure('curl -H "Authorization: apiKey abcdefgh"', ['abcdefgh'])).toBe('holds-key');
    expect(exposure('echo abcdefg', ['abcdefg'])).toBeUndefined();
    expect(exposure('echo x', ['abcdefgh', 'x'])).toBeUndefined();
  });

  it.each([
    'IONQ_API_KEY=abc python run.py',
    'export IONQ_API_KEY=abc',
    'cd x; IONQ_API_KEY=abc ./run',
    'cd x&&IONQ_API_KEY=abc ./run',
    'true|IONQ_API_KEY=abc ./run',
    '(IONQ_API_KEY=abc ./run)',
    '!IONQ_API_KEY=abc',
    '{IONQ_API_KEY=abc;}',
    'env\tIONQ_API_KEY=abc ./run',
    "IONQ_API_KEY='abc'",
    'IONQ_API_KEY="abc"',
    'QISKIT_IONQ_API_TOKEN=abc',
    'IONQ_API_TOKEN=abc',
    'set -gx IONQ_API_KEY abc',
    'set -Ux IONQ_API_KEY abc',
    'set --export --global IONQ_API_KEY abc',
    'set IONQ_API_KEY abc',
    'begin; set -x IONQ_API_KEY abc; end',
    "set -gx CIRQ_IONQ_API_KEY 'abc'",
    'setenv IONQ_API_KEY abc',
    'setenv PENNYLANE_IONQ_API_KEY abc',
    'SETX IONQ_API_KEY abc',
    'SetX IONQ_API_KEY abc /M',
    'cmd /c setx IONQ_API_KEY abc',
    '$env:IONQ_API_KEY = "abc"',
    "$Env:IONQ_API_KEY='abc'",
    '$ENV:ionq_api_key=abc',
    "[Environment]::SetEnvironmentVariable('IONQ_API_KEY', 'abc', 'User')",
    '[environment]::setenvironmentvariable("ionq_api_key","abc")',
    'npx ionq-env-setup --key abc',
    'npx ionq-env-setup --key=abc',
    'ionq-env-setup verify --shell bash --key   abc',
  ])('%j gives a key variable a literal value', (command) => {
    expect(exposure(command, [KEY])).toBe('assigns-literal');
  });

  it.each([
    'export IONQ_API_KEY=$(cat ~/.ionq)',
    'export IONQ_API_KEY="$SECRET"',
    "export IONQ_API_KEY='$SECRET'",
    'IONQ_API_KEY=`pass ionq` ./run',
    'IONQ_API_KEY=%SECRET% run.cmd',
    'IONQ_API_KEY=(cat x)',
    'IONQ_API_KEY= ./run',
    'IONQ_API_KEY=',
    "IONQ_API_KEY='",
    'MY_IONQ_API_KEY=abc',
    'XIONQ_API_KEY=abc',
    'echo $IONQ_API_KEY',
    'unset IONQ_API_KEY',
    'set -e IONQ_API_KEY',
    'set -gx IONQ_API_KEY $other',
    'set -gx IONQ_API_KEY (cat f)',
    'set -gx IONQ_API_KEY',
    'reset IONQ_API_KEY abc',
    'setenv IONQ_API_KEY $other',
    'setenv IONQ_API_KEY',
    'usetx IONQ_API_KEY abc',
    '$env:IONQ_API_KEY = $k',
    '$env:IONQ_API_KEY',
    "[Environment]::SetEnvironmentVariable('IONQ_API_KEY', $k)",
    '[Environment]::SetEnvironmentVariable("IONQ_API_KEY", "$k")',
    "[Environment]::GetEnvironmentVariable('IONQ_API_KEY')",
    'npx ionq-env-setup --key-stdin < key.txt',
    'npx ionq-env-setup --key --from-env X',
    'npx ionq-env-setup --key',
    'other-tool --key abc',
    'printenv IONQ_API_KEY',
  ])('%j exposes no key', (command) => {
    expect(exposure(command, [KEY])).toBeUndefined();
  });
});

describe('historyFiles', () => {
  it('the usual files of each shell, under the home directory', () => {
    expect(historyFiles('/h', {}, 'linux', 'bash')).toEqual([
      { path: '/h/.bash_history', format: 'bash' },
      { path: '/h/.zsh_history', format: 'zsh' },
      { path: '/h/.zhistory', format: 'zsh' },
      { path: '/h/.sh_history', format: 'bash' },
      { path: '/h/.local/share/fish/fish_history', format: 'fish' },
      { path: '/h/.history', format: 'tcsh' },
      { path: '/h/.local/share/powershell/PSReadLine/ConsoleHost_history.txt', format: 'pwsh' },
    ]);
  });

  it.each([
    ['zsh', 'zsh'],
    ['tcsh', 'tcsh'],
    ['bash', 'bash'],
    ['fish', 'bash'],
    [undefined, 'bash'],
  ] as const)('HISTFILE comes first, in the format of the login shell %s (%s)', (shell, format) => {
    expect(historyFiles('/h', { HISTFILE: '/h/my_history' }, 'linux', shell)[0]).toEqual({ path: '/h/my_history', format });
  });

  it('relative HISTFILE, ZDOTDIR and XDG_DATA_HOME are ignored, as the shells ignore them', () => {
    const files = historyFiles('/h', { HISTFILE: 'rel', ZDOTDIR: 'z', XDG_DATA_HOME: 'd' }, 'linux', 'zsh');
    expect(files[0]).toEqual({ path: '/h/.bash_history', format: 'bash' });
    expect(files.map((f) => f.path)).toContain('/h/.zsh_history');
    expect(files.map((f) => f.path)).toContain('/h/.local/share/fish/fish_history');
  });

  it('ZDOTDIR and XDG_DATA_HOME move zsh and fish/PowerShell history', () => {
    const paths = historyFiles('/h', { ZDOTDIR: '/z', XDG_DATA_HOME: '/d' }, 'linux', 'bash').map((f) => f.path);
    expect(paths).toEqual(['/h/.bash_history', '/z/.zsh_history', '/z/.zhistory', '/h/.sh_history', '/d/fish/fish_history', '/h/.history', '/d/powershell/PSReadLine/ConsoleHost_history.txt']);
  });

  it("on Windows, PSReadLine's file under APPDATA too", () => {
    const files = historyFiles('/h', { APPDATA: '/appdata' }, 'win32', 'pwsh');
    expect(files[files.length - 1]).toEqual({ path: join('/appdata', 'Microsoft', 'Windows', 'PowerShell', 'PSReadLine', 'ConsoleHost_history.txt'), format: 'pwsh' });
    expect(historyFiles('/h', {}, 'win32', 'pwsh')).toHaveLength(7);
    expect(historyFiles('/h', { APPDATA: '/appdata' }, 'linux', 'pwsh')).toHaveLength(7);
  });

  it('a file named twice is listed once, the first time', () => {
    const files = historyFiles('/h', { HISTFILE: '/h/.zsh_history' }, 'linux', 'bash');
    expect(files.filter((f) => f.path === '/h/.zsh_history')).toEqual([{ path: '/h/.zsh_history', format: 'bash' }]);
    expect(files).toHaveLength(7);
  });
});

describe('keyForms, exposingEntries, scrubbed', () => {
  it('a key and each way a shell quotes it, once each', () => {
    expect(keyForms('abc')).toEqual(['abc', "'abc'"]);
    expect(keyForms("a'b!")).toEqual(["a'b!", `'a'\\''b!'`, `'a\\'b!'`, `'a'\\''b\\!'`, "'a''b!'"]);
  });

  it('counts the entries holding a known key and those assigning a literal', () => {
    const text = `ls\nexport IONQ_API_KEY=${KEY}\nIONQ_API_KEY=other ./x\npwd\n`;
    const found = exposingEntries('bash', text, [KEY]);
    expect(found.entries.map((e) => e.line)).toEqual([2, 3]);
    expect([found.holdsKey, found.assignsLiteral]).toEqual([1, 1]);
    expect(scrubbed('bash', text, [KEY])).toBe('ls\npwd\n');
  });
});

describe('scanHistory', () => {
  let home: string;
  beforeEach(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-hist-')));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const context = (env: Record<string, string> = {}, fs = createNodeSystem().fs): Context =>
    ({ home, sys: createNodeSystem({ env: { HOME: home, ...env }, fs }), loginShell: { shell: 'bash', source: 'SHELL' } }) as unknown as Context;

  it('reads each existing history file once (a link to another counts once), with its exposing entries', async () => {
    writeFileSync(join(home, '.bash_history'), `ls\nexport IONQ_API_KEY=${KEY}\n`);
    symlinkSync(join(home, '.bash_history'), join(home, '.sh_history'));
    mkdirSync(join(home, '.local/share/fish'), { recursive: true });
    writeFileSync(join(home, '.local/share/fish/fish_history'), '- cmd: set -gx IONQ_API_KEY abc\n  when: 1\n');
    const found = await scanHistory(context(), [KEY]);
    expect(found.map((f) => [f.file.path, f.holdsKey, f.assignsLiteral, f.entries.length])).toEqual([
      [join(home, '.bash_history'), 1, 0, 1],
      [join(home, '.local/share/fish/fish_history'), 0, 1, 1],
    ]);
    expect(found[0]!.state.content).toBe(`ls\nexport IONQ_API_KEY=${KEY}\n`);
  });

  it('a history file that cannot be read is listed, with its problem and nothing found', async () => {
    writeFileSync(join(home, '.zsh_history'), `: 1:0;export IONQ_API_KEY=${KEY}\n`);
    const fs = faultyFs([{ op: 'readFile', code: 'EACCES' }]);
    const found = await scanHistory(context({}, fs), [KEY]);
    expect(found).toHaveLength(1);
    expect(found[0]!.state.problem).toMatch(/permission denied/);
    expect([found[0]!.entries, found[0]!.holdsKey, found[0]!.assignsLiteral]).toEqual([[], 0, 0]);
  });

  it('no history files: nothing', async () => {
    expect(await scanHistory(context(), [KEY])).toEqual([]);
  });
});
