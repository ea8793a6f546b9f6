import { splitHistory, withoutEntries, type HistoryFormat } from '../../src/history/formats';
import { exposure } from '../../src/history/secrets';
import { historyFiles } from '../../src/history/files';

const KEY = 'ionqHISTORYkey-1234567890abcdef';
const bin = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('history formats', () => {
  const cases: [HistoryFormat, string, string[], string][] = [
    ['bash', `ls\nexport IONQ_API_KEY=${KEY}\ncd /tmp\n`, ['ls', `export IONQ_API_KEY=${KEY}`, 'cd /tmp'], 'ls\ncd /tmp\n'],
    ['bash', `#1700000000\nls\n#1700000001\nexport IONQ_API_KEY=abc123456789\n`, ['ls', 'export IONQ_API_KEY=abc123456789'], '#1700000000\nls\n'],
    ['zsh', `: 1700000000:0;ls\n: 1700000001:0;echo a\\\nIONQ_API_KEY=zzz12345678 python x.py\n: 1700000002:3;pwd\n`, ['ls', 'echo a\\\nIONQ_API_KEY=zzz12345678 python x.py', 'pwd'], ': 1700000000:0;ls\n: 1700000002:3;pwd\n'],
    ['fish', `- cmd: ls\n  when: 1700000000\n- cmd: set -gx IONQ_API_KEY ${KEY}\n  when: 1700000001\n  paths:\n    - /tmp\n- cmd: echo a\\\\b\\nc\n  when: 1700000002\n`, ['ls', `set -gx IONQ_API_KEY ${KEY}`, 'echo a\\b\nc'], `- cmd: ls\n  when: 1700000000\n- cmd: echo a\\\\b\\nc\n  when: 1700000002\n`],
    ['tcsh', `#+1700000000\nls\n#+1700000001\nsetenv IONQ_API_KEY ${KEY}\n`, ['ls', `setenv IONQ_API_KEY ${KEY}`], '#+1700000000\nls\n'],
    ['pwsh', `Get-Date\r\n$env:IONQ_API_KEY = '${KEY}'\r\nWrite-Host a\`\r\nb\r\n`, ['Get-Date', `$env:IONQ_API_KEY = '${KEY}'`, 'Write-Host a`\nb'], 'Get-Date\r\nWrite-Host a`\r\nb\r\n'],
  ];
  it.each(cases)('%s: entries are whole commands; removing the exposing ones keeps every other byte', (format, text, commands, scrubbed) => {
    const entries = splitHistory(format, bin(text));
    expect(entries.map((e) => e.command)).toEqual(commands);
    const bad = entries.filter((e) => exposure(e.command, [KEY]) !== undefined);
    expect(withoutEntries(bin(text), bad)).toBe(bin(scrubbed));
  });

  it('zsh metafied bytes are decoded for matching', () => {
    // "é" is 0xC3 0xA9; zsh stores 0xA9 as 0x83 0x89 (0xA9 ^ 0x20).
    const text = ': 1:0;echo ' + String.fromCharCode(0xc3, 0x83, 0x89) + '\n';
    expect(splitHistory('zsh', text)[0]!.command).toBe('echo é');
  });
});

describe('which commands expose a key', () => {
  it.each([
    [`export IONQ_API_KEY=${KEY}`, 'holds-key'],
    ['export IONQ_API_KEY=abcdef123', 'assigns-literal'],
    ["IONQ_API_KEY='abc' python run.py", 'assigns-literal'],
    ['set -gx CIRQ_IONQ_API_KEY abc', 'assigns-literal'],
    ['setenv PENNYLANE_IONQ_API_KEY abc', 'assigns-literal'],
    ['setx IONQ_API_KEY abc', 'assigns-literal'],
    ["$env:QISKIT_IONQ_API_TOKEN = 'abc'", 'assigns-literal'],
    ["[Environment]::SetEnvironmentVariable('IONQ_API_KEY', 'abc', 'User')", 'assigns-literal'],
    ['npx ionq-env-setup --key abcdef', 'assigns-literal'],
    [`curl -H "Authorization: apiKey ${KEY}" https://api.ionq.co/v0.4/whoami`, 'holds-key'],
    ['export IONQ_API_KEY=$(cat ~/.ionq)', undefined],
    ['export IONQ_API_KEY="$SECRET"', undefined],
    ['echo $IONQ_API_KEY', undefined],
    ['unset IONQ_API_KEY', undefined],
    ['npx ionq-env-setup --key-stdin < key.txt', undefined],
    ['printenv IONQ_API_KEY', undefined],
  ])('%j → %s', (command, expected) => {
    expect(exposure(command, [KEY])).toBe(expected);
  });
});

describe('history file locations', () => {
  it('honours HISTFILE, ZDOTDIR and XDG_DATA_HOME', () => {
    const files = historyFiles('/h', { HISTFILE: '/h/custom_hist', ZDOTDIR: '/z', XDG_DATA_HOME: '/d' }, 'linux', 'zsh');
    expect(files[0]).toEqual({ path: '/h/custom_hist', format: 'zsh' });
    expect(files).toEqual(expect.arrayContaining([
      { path: '/z/.zsh_history', format: 'zsh' },
      { path: '/d/fish/fish_history', format: 'fish' },
      { path: '/h/.history', format: 'tcsh' },
      { path: '/d/powershell/PSReadLine/ConsoleHost_history.txt', format: 'pwsh' },
    ]));
  });
});
