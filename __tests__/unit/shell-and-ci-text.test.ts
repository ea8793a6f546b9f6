// The exact text the tool writes for shells (src/targets/shell/block-body.ts, key-file.ts) and CI runners
// (src/targets/ci/commands.ts): what ends up in a user's file or a runner's log, byte for byte.
import { assignmentLine, inlineKeyBody, keyInBlock, storeOfBlock, STORES, SEPARATE_NOTE, KEYCHAIN_NOTE } from '../../src/targets/shell/block-body';
import { keyFileContent, keyFilePath, keyFileWord, keyInKeyFile, loaderBody, loaderLines, planDeleteKeyFile, planKeyFile } from '../../src/targets/shell/key-file';
import { azureErrorCommand, azureSetSecretCommand, escapeAzureData, githubErrorCommand, githubMaskCommand, isKeyCarryingCommand } from '../../src/targets/ci/commands';
import { ABOUT_NOTE, CREATED_NOTE, splitLines, toBinary } from '../../src/rcfile/block';
import type { FileState } from '../../src/rcfile/file-state';

const body = (...lines: string[]) => splitLines(lines.map((l) => toBinary(l) + '\n').join(''));

describe('the inline block body', () => {
  it.each([
    ['posix', "export IONQ_API_KEY='k'\\''ey'"],
    ['fish', "set -gx IONQ_API_KEY 'k\\'ey'"],
    ['tcsh', "setenv IONQ_API_KEY 'k'\\''ey'"],
    ['pwsh', "$env:IONQ_API_KEY = 'k''ey'"],
  ] as const)('%s: the assignment line', (dialect, line) => {
    expect(assignmentLine(dialect, "k'ey")).toBe(line);
  });

  it('another variable name, when asked', () => {
    expect(assignmentLine('posix', 'v', 'OTHER')).toBe("export OTHER='v'");
  });

  it('the about note, the created note only for a file the tool created, then the assignment', () => {
    expect(inlineKeyBody('posix', 'k')(false)).toEqual([ABOUT_NOTE, "export IONQ_API_KEY='k'"]);
    expect(inlineKeyBody('fish', 'k')(true)).toEqual([ABOUT_NOTE, CREATED_NOTE, "set -gx IONQ_API_KEY 'k'"]);
  });

  it.each(['posix', 'fish', 'tcsh', 'pwsh'] as const)('%s: the key written is the key read back', (dialect) => {
    for (const key of ["sq'uote", 'ünï€', 'back\\slash!', '$HOME']) {
      expect(keyInBlock(dialect, body(ABOUT_NOTE, assignmentLine(dialect, key)))).toBe(key);
    }
  });

  it('keyInBlock: only IONQ_API_KEY counts; the first one wins; a computed value is no key', () => {
    expect(keyInBlock('posix', body('export QISKIT_IONQ_API_TOKEN=t', "export IONQ_API_KEY='a'", "export IONQ_API_KEY='b'"))).toBe('a');
    expect(keyInBlock('posix', body('export IONQ_API_KEY="$(pass ionq)"'))).toBeUndefined();
    expect(keyInBlock('posix', body('# nothing'))).toBeUndefined();
    expect(keyInBlock('posix', [])).toBeUndefined();
  });

  it('storeOfBlock: the loader notes (with any indentation) say which store; else inline', () => {
    expect(storeOfBlock(body(ABOUT_NOTE, "export IONQ_API_KEY='k'"))).toBe('inline');
    expect(storeOfBlock(body(ABOUT_NOTE, `  ${SEPARATE_NOTE}  `))).toBe('separate');
    expect(storeOfBlock(body(KEYCHAIN_NOTE))).toBe('keychain');
    expect(storeOfBlock(body(`# ${SEPARATE_NOTE}`))).toBe('inline');
    expect(STORES).toEqual(['inline', 'separate', 'keychain']);
    expect(SEPARATE_NOTE).toBe('# The key is in its own file (--store separate): this file holds no secret.');
    expect(KEYCHAIN_NOTE).toBe('# The key is in the OS keychain (--store keychain): this file holds no secret.');
  });
});

describe('the key file', () => {
  it('lives at $XDG_CONFIG_HOME/ionq/env', () => {
    expect(keyFilePath({ home: '/h', zdotdir: '/h', configHome: '/cfg' })).toBe('/cfg/ionq/env');
  });

  it('holds the key (UTF-8) and a newline; its first line, trimmed, is the key', () => {
    expect(keyFileContent('ü')).toBe('\u00c3\u00bc\n');
    expect(keyInKeyFile(toBinary('  ü-key \nsecond line\n'))).toBe('ü-key');
    expect(keyInKeyFile('\n')).toBeUndefined();
    expect(keyInKeyFile('   \nkey\n')).toBeUndefined();
    expect(keyInKeyFile(null)).toBeUndefined();
  });

  it.each([
    ['posix', `"$HOME"'/.config/ionq/env'`, `'/etc/ionq/env'`],
    ['fish', `"$HOME"'/.config/ionq/env'`, `'/etc/ionq/env'`],
    ['tcsh', `"$HOME"'/.config/ionq/env'`, `'/etc/ionq/env'`],
    ['pwsh', `$HOME + '/.config/ionq/env'`, `'/etc/ionq/env'`],
  ] as const)('%s names it from $HOME when under the home, else by its absolute path', (dialect, underHome, elsewhere) => {
    expect(keyFileWord(dialect, '/h/.config/ionq/env', '/h')).toBe(underHome);
    expect(keyFileWord(dialect, '/etc/ionq/env', '/h')).toBe(elsewhere);
  });

  it('a path beside the home (/h2 next to /h), or the home itself, is not under it', () => {
    expect(keyFileWord('posix', '/h2/env', '/h')).toBe(`'/h2/env'`);
    expect(keyFileWord('posix', '/h/../x/env', '/h')).toBe(`'/h/../x/env'`);
    expect(keyFileWord('posix', '/h', '/h')).toBe(`'/h'`);
    expect(keyFileWord('posix', '/h/..env', '/h')).toBe(`"$HOME"'/..env'`);
  });

  it('each dialect quotes the path its own way', () => {
    expect(keyFileWord('posix', "/x/it's\\", '/h')).toBe(`'/x/it'\\''s\\'`);
    expect(keyFileWord('posix', "/h/it's", '/h')).toBe(`"$HOME"'/it'\\''s'`);
    expect(keyFileWord('tcsh', "/h/a!b", '/h')).toBe(`"$HOME"'/a\\!b'`);
    expect(keyFileWord('fish', "/h/a'b", '/h')).toBe(`"$HOME"'/a\\'b'`);
    expect(keyFileWord('fish', "/x/it's\\", '/h')).toBe(`'/x/it\\'s\\\\'`);
    expect(keyFileWord('tcsh', '/x/a!b', '/h')).toBe(`'/x/a\\!b'`);
    expect(keyFileWord('pwsh', "/h/it's", '/h')).toBe(`$HOME + '/it''s'`);
  });

  it.each([
    ['posix', [`if [ -r W ]; then read -r IONQ_API_KEY < W; export IONQ_API_KEY; fi`]],
    ['fish', ['if test -r W', '    set -gx IONQ_API_KEY (string trim < W)', 'end']],
    ['tcsh', ['if ( -r W ) then', '    setenv IONQ_API_KEY "`cat`" < W', 'endif']],
    ['pwsh', ['if (Test-Path -LiteralPath (W)) {', '    $env:IONQ_API_KEY = [IO.File]::ReadAllText(W).Trim()', '}']],
  ] as const)('%s: the loader lines', (dialect, lines) => {
    expect(loaderLines(dialect, 'W')).toEqual(lines);
  });

  it('the loader body: about note, created note if created, the separate note, the loader', () => {
    expect(loaderBody('posix', '/h/.config/ionq/env', '/h')(true)).toEqual([
      ABOUT_NOTE,
      CREATED_NOTE,
      SEPARATE_NOTE,
      `if [ -r "$HOME"'/.config/ionq/env' ]; then read -r IONQ_API_KEY < "$HOME"'/.config/ionq/env'; export IONQ_API_KEY; fi`,
    ]);
    expect(loaderBody('fish', '/k', '/h')(false)).toEqual([ABOUT_NOTE, SEPARATE_NOTE, "if test -r '/k'", "    set -gx IONQ_API_KEY (string trim < '/k')", 'end']);
  });
});

describe('planning the key file', () => {
  const state = (content: string | null, mode: number | undefined = content === null ? undefined : 0o600): FileState => ({
    path: '/h/.config/ionq/env',
    realPath: '/h/.config/ionq/env',
    isSymlink: false,
    exists: content !== null,
    content,
    mode,
    uid: undefined,
    gid: undefined,
    writable: content !== null,
  });

  it('a new file: created, private, 0600', () => {
    const { change, conflict } = planKeyFile(state(null), 'k1', '~/.config/ionq/env');
    expect(change).toMatchObject({ kind: 'file', target: 'key-file', after: 'k1\n', status: 'created', mode: 0o600, private: true });
    expect(conflict).toBeUndefined();
  });

  it('the same key, 0600: unchanged; readable by group or others: rewritten (updated)', () => {
    expect(planKeyFile(state('k1\n'), 'k1', 'x').change.status).toBe('unchanged');
    expect(planKeyFile(state('k1\n', 0o640), 'k1', 'x').change.status).toBe('updated');
    expect(planKeyFile(state('k1\n', 0o604), 'k1', 'x').change.status).toBe('updated');
    expect(planKeyFile(state('k1\n', 0o700), 'k1', 'x').change.status).toBe('unchanged');
    expect(planKeyFile(state('k1\n', undefined), 'k1', 'x').change.status).toBe('unchanged');
  });

  it('a different key: updated, and a conflict naming where, with the old key masked', () => {
    const { change, conflict } = planKeyFile(state('old-key-123456\n'), 'k1', '~/.config/ionq/env');
    expect(change.status).toBe('updated');
    expect(conflict).toEqual({ where: '~/.config/ionq/env', existingMasked: '…3456' });
  });

  it('the same key written differently (CRLF, blanks): updated to the canonical bytes, no conflict', () => {
    const { change, conflict } = planKeyFile(state('k1\r\n'), 'k1', 'x');
    expect([change.status, change.after, conflict]).toEqual(['updated', 'k1\n', undefined]);
  });

  it('an empty key file: no conflict', () => {
    expect(planKeyFile(state(''), 'k1', 'x').conflict).toBeUndefined();
  });

  it('replans from the bytes found at write time', () => {
    const { change } = planKeyFile(state(null), 'k1', 'x');
    expect(change.replan!(null)).toEqual({ after: 'k1\n', status: 'created' });
    expect(change.replan!('k1\n')).toEqual({ after: 'k1\n', status: 'unchanged' });
    expect(change.replan!('k2\n')).toEqual({ after: 'k1\n', status: 'updated' });
  });

  it('deleting it: removed when it exists, else unchanged; replanned the same way', () => {
    const gone = planDeleteKeyFile(state('k1\n'));
    expect(gone).toMatchObject({ kind: 'file', target: 'key-file', after: null, status: 'removed', mode: 0o600 });
    expect(planDeleteKeyFile(state(null)).status).toBe('unchanged');
    expect(gone.replan!(null)).toEqual({ after: null, status: 'unchanged' });
    expect(gone.replan!('x')).toEqual({ after: null, status: 'removed' });
  });
});

describe('CI logging commands', () => {
  it("GitHub: add-mask and error, data escaped as the runner un-escapes it (% first)", () => {
    expect(githubMaskCommand('a%0Ab\r\nc')).toBe('::add-mask::a%250Ab%0D%0Ac');
    expect(githubErrorCommand('50% done\nnext')).toBe('::error title=ionq-env-setup::50%25 done%0Anext');
    expect(githubErrorCommand('m', 'Other')).toBe('::error title=Other::m');
  });

  it.each([
    ['plain', 'plain'],
    ['50%', '50%'],
    ['a%41b', 'a%41b'],
    ['line\r\nbreak', 'line%0D%0Abreak'],
    ['a%0Ab', 'a%AZP250Ab'],
    ['a%0Db', 'a%AZP250Db'],
    ['a%3Bb', 'a%AZP253Bb'],
    ['a%5Db', 'a%AZP255Db'],
    ['a%AZP25b', 'a%AZP25AZP25b'],
    ['x%0A\ny%', 'x%AZP250A%0Ay%AZP25'],
    ['x%0A\r\ny', 'x%AZP250A%0D%0Ay'],
  ])('Azure: %j is written %j', (value, escaped) => {
    expect(escapeAzureData(value)).toBe(escaped);
  });

  it('Azure: the secret variable and the error issue', () => {
    expect(azureSetSecretCommand('k;1')).toBe('##vso[task.setvariable variable=IONQ_API_KEY;issecret=true]k;1');
    expect(azureSetSecretCommand('k', 'OTHER')).toBe('##vso[task.setvariable variable=OTHER;issecret=true]k');
    expect(azureErrorCommand('bad\nthing')).toBe('##vso[task.logissue type=error]bad%0Athing');
  });

  it('the unredacted channel takes exactly one key-carrying command, on one line', () => {
    expect(isKeyCarryingCommand('::add-mask::k')).toBe(true);
    expect(isKeyCarryingCommand('##vso[task.setvariable variable=IONQ_API_KEY;issecret=true]k')).toBe(true);
    expect(isKeyCarryingCommand('##vso[task.setvariable variable=OTHER;issecret=true]k')).toBe(false);
    expect(isKeyCarryingCommand('##vso[task.setvariable variable=IONQ_API_KEY]k')).toBe(false);
    expect(isKeyCarryingCommand('::add-mask::k\n::error::x')).toBe(false);
    expect(isKeyCarryingCommand('::add-mask::k\r')).toBe(false);
    expect(isKeyCarryingCommand('key is k')).toBe(false);
    expect(isKeyCarryingCommand(' ::add-mask::k')).toBe(false);
  });
});
