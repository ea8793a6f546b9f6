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

import { keyForms, exposingEntries } from '../../src/history/scan';
import { decideStore, currentStore } from '../../src/plans/store';
import { keyFileWord, loaderLines, keyInKeyFile, keyFileContent, planKeyFile } from '../../src/targets/shell/key-file';
import { hygieneDiagnoses } from '../../src/inventory/hygiene';
import { quotePosix } from '../../src/rcfile/quote';
import { readFileState } from '../../src/rcfile/file-state';
import { resolveExisting, findWorkTree } from '../../src/git/work-tree';
import fsys from 'fs-extra';
import { mkdtempSync, mkdirSync, symlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('keys written quoted are still found', () => {
  it('a history line holding the key only in its quoted form counts as holding the key', () => {
    const key = "sq'TEST'0002'quote";
    const line = `echo ${quotePosix(key)} > ~/k.txt`;
    expect(line).not.toContain(key);
    expect(exposure(line, [key])).toBeUndefined();
    expect(exposure(line, keyForms(key))).toBe('holds-key');
    const found = exposingEntries('bash', bin(`ls\n${line}\n`), keyForms(key));
    expect([found.entries.length, found.holdsKey, found.assignsLiteral]).toEqual([1, 1, 0]);
  });
});

describe('which store a shell gets', () => {
  const base = { label: '~/.zshrc', keyFileLabel: '~/.config/ionq/env', repoLabel: '~/dotfiles' };
  it.each([
    // explicit, in a repo, existing block → store, warning code
    [undefined, false, undefined, 'inline', undefined],
    [undefined, false, 'separate', 'separate', undefined],
    [undefined, true, undefined, 'separate', 'STORE_SEPARATE_GIT'],
    [undefined, true, 'inline', 'separate', 'STORE_SEPARATE_GIT'],
    // Already separate in a repository: nothing to explain again on each rotation.
    [undefined, true, 'separate', 'separate', undefined],
    ['inline', true, 'separate', 'inline', 'INLINE_IN_GIT'],
    ['inline', false, 'separate', 'inline', undefined],
    ['separate', false, 'inline', 'separate', undefined],
  ] as const)('--store %s, in a repository: %s, block: %s → %s (%s)', (explicit, inRepo, existing, store, warning) => {
    const decided = decideStore({ ...base, explicit, existing, repo: inRepo ? '/h/dotfiles' : undefined });
    expect(decided.store).toBe(store);
    expect(decided.warning?.code).toBe(warning);
  });

  it('the block in a file says which store it uses', () => {
    const loader = `# >>> ionq-env-setup >>>\n# The key is in its own file (--store separate): this file holds no secret.\n${loaderLines('posix', '"$HOME"\'/.config/ionq/env\'')[0]}\n# <<< ionq-env-setup <<<\n`;
    expect(currentStore(loader)).toBe('separate');
    expect(currentStore(`# >>> ionq-env-setup >>>\nexport IONQ_API_KEY='x'\n# <<< ionq-env-setup <<<\n`)).toBe('inline');
    expect(currentStore('export IONQ_API_KEY=x\n')).toBeUndefined();
    expect(currentStore(null)).toBeUndefined();
  });
});

describe('the key file and its loaders', () => {
  it('names the key file relative to $HOME under the home directory, by its absolute path elsewhere', () => {
    expect(keyFileWord('posix', '/h/.config/ionq/env', '/h')).toBe(`"$HOME"'/.config/ionq/env'`);
    expect(keyFileWord('fish', '/h/.config/ionq/env', '/h')).toBe(`"$HOME"'/.config/ionq/env'`);
    expect(keyFileWord('tcsh', "/h/it's/ionq/env", '/h')).toBe(`"$HOME"'/it'\\''s/ionq/env'`);
    expect(keyFileWord('pwsh', "/h/it's/ionq/env", '/h')).toBe(`$HOME + '/it''s/ionq/env'`);
    expect(keyFileWord('posix', '/etc/x y/ionq/env', '/h')).toBe(`'/etc/x y/ionq/env'`);
  });

  it('PowerShell reads the file whole and trims it, only when it exists', () => {
    expect(loaderLines('pwsh', "$HOME + '/.config/ionq/env'")).toEqual([
      "if (Test-Path -LiteralPath ($HOME + '/.config/ionq/env')) {",
      "    $env:IONQ_API_KEY = [IO.File]::ReadAllText($HOME + '/.config/ionq/env').Trim()",
      '}',
    ]);
  });

  it('holds the raw key and a newline; reading it back gives the key', () => {
    const key = 'ünï-€-😀-TEST';
    const bytes = keyFileContent(key);
    expect(Buffer.from(bytes, 'latin1').toString('utf8')).toBe(key + '\n');
    expect(keyInKeyFile(bytes)).toBe(key);
    expect(keyInKeyFile(bin(key + '\r\n'))).toBe(key);
    expect(keyInKeyFile('')).toBeUndefined();
    expect(keyInKeyFile(null)).toBeUndefined();
  });

  it('a key file readable by others is rewritten 0600 even when its key is unchanged', () => {
    const key = 'ionqSAMEkey-12345678';
    const file = { path: '/h/.config/ionq/env', realPath: '/h/.config/ionq/env', isSymlink: false, exists: true, content: keyFileContent(key), mode: 0o644, uid: 1, gid: 1, writable: true };
    const { change, conflict } = planKeyFile(file, key, '~/.config/ionq/env');
    expect([change.status, change.mode, change.private, conflict]).toEqual(['updated', 0o600, true, undefined]);
    expect(planKeyFile({ ...file, mode: 0o600 }, key, 'x').change.status).toBe('unchanged');
    expect(planKeyFile({ ...file, mode: 0o600 }, 'ionqOTHERkey-87654321', 'x').conflict).toEqual({ where: 'x', existingMasked: '…5678' });
  });
});

describe('git work trees', () => {
  it('a file not created yet, under a folder that links into a repository, is found in it', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'ionq-wt-')));
    try {
      mkdirSync(join(root, 'repo/.git'), { recursive: true });
      mkdirSync(join(root, 'repo/fish'));
      mkdirSync(join(root, 'home/.config'), { recursive: true });
      symlinkSync(join(root, 'repo/fish'), join(root, 'home/.config/fish'));
      const file = join(root, 'home/.config/fish/conf.d/ionq.fish');
      expect(await resolveExisting(fsys, file)).toBe(join(root, 'repo/fish/conf.d/ionq.fish'));
      expect(await findWorkTree(fsys, await resolveExisting(fsys, file))).toBe(join(root, 'repo'));
      expect(await findWorkTree(fsys, join(root, 'home/.zshrc'))).toBeUndefined();
      expect((await readFileState(fsys, file)).exists).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('status hygiene findings', () => {
  const label = (p: string) => p.replace('/h', '~');
  it('history: file and counts, never a line; git: tracked and committed in words', () => {
    const out = hygieneDiagnoses({
      git: [{ path: '/h/.zshrc', shells: ['zsh'], repo: '/h/dotfiles', tracked: true, committed: true, managed: true }],
      history: [
        { path: '/h/.zsh_history', format: 'zsh', lines: 3, holdsKey: 2, assignsLiteral: 1 },
        { path: '/h/.bash_history', format: 'bash', lines: 0, holdsKey: 0, assignsLiteral: 0 },
      ],
      keyFile: { path: '/h/.config/ionq/env', exists: false, mode: undefined, loadedBy: ['/h/.bashrc'] },
      label,
    });
    expect(out.map((d) => d.code)).toEqual(['INLINE_IN_GIT', 'KEY_FILE_MISSING', 'KEY_IN_HISTORY']);
    expect(out[0]!.message).toBe('~/.zshrc holds a key inline and is tracked by the git repository ~/dotfiles, and its commits hold the key: anyone with a copy of the repository has it.');
    expect(out[0]!.fix).toMatch(/--store separate --shell zsh.*revoke/);
    expect(out[2]!.message).toBe('~/.zsh_history has 3 history lines that expose a key (2 with a known key, 1 giving a key variable a literal value; not shown).');
  });

  it('a key in an untracked file of a repository is a note, not a problem', () => {
    const [d] = hygieneDiagnoses({ git: [{ path: '/h/.zshrc', shells: [], repo: '/h', tracked: false, committed: false, managed: false }], history: [], keyFile: undefined, label });
    expect(d!.level).toBe('note');
    expect(d!.message).toContain('(not tracked yet)');
    expect(d!.fix).toMatch(/^Delete the IONQ_API_KEY line you wrote there/);
  });
});
