// Lines the user wrote that give IONQ_API_KEY (or a variable that shadows it) a value, in each dialect
// (src/rcfile/assignments.ts): what counts as one, which lines are skipped (the tool's own block), how a
// value is read and how it is shown masked.
import { findAssignments, literalValue, looseUnquote, maskAssignmentLine, maskedValue, parseAssignment } from '../../src/rcfile/assignments';
import { toBinary } from '../../src/rcfile/block';

describe('parseAssignment', () => {
  it.each([
    // sh, bash, zsh, ksh, dotenv
    ['IONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['export IONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['  export   IONQ_API_KEY="a b"  ', 'IONQ_API_KEY', '"a b"'],
    ['\texport\tIONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['declare -x IONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['typeset -gx -r IONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['local IONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['readonly IONQ_API_KEY=abc', 'IONQ_API_KEY', 'abc'],
    ['export IONQ_API_KEY=', 'IONQ_API_KEY', ''],
    ['export QISKIT_IONQ_API_TOKEN=t1', 'QISKIT_IONQ_API_TOKEN', 't1'],
    ['CIRQ_IONQ_API_KEY=c1', 'CIRQ_IONQ_API_KEY', 'c1'],
    ['PENNYLANE_IONQ_API_KEY=p1', 'PENNYLANE_IONQ_API_KEY', 'p1'],
    ['IONQ_API_TOKEN=t2', 'IONQ_API_TOKEN', 't2'],
    // fish
    ['set -gx IONQ_API_KEY abc', 'IONQ_API_KEY', 'abc'],
    ['set --global --export IONQ_API_KEY abc', 'IONQ_API_KEY', 'abc'],
    ['  set IONQ_API_KEY  abc ', 'IONQ_API_KEY', 'abc'],
    // tcsh
    ['setenv IONQ_API_KEY abc', 'IONQ_API_KEY', 'abc'],
    ['  setenv\tIONQ_API_KEY   "abc"', 'IONQ_API_KEY', '"abc"'],
    // PowerShell, whose variable names ignore case
    ["$env:IONQ_API_KEY = 'abc'", 'IONQ_API_KEY', "'abc'"],
    ["$Env:ionq_api_key='abc'", 'IONQ_API_KEY', "'abc'"],
    ["  $ENV:Qiskit_IonQ_Api_Token = 'x'", 'QISKIT_IONQ_API_TOKEN', "'x'"],
    ["[Environment]::SetEnvironmentVariable('IONQ_API_KEY', 'abc', 'User')", 'IONQ_API_KEY', "'abc', 'User'"],
    ['[System.Environment]::SetEnvironmentVariable("IONQ_API_KEY", $k)  ', 'IONQ_API_KEY', '$k'],
    ["[environment]::setenvironmentvariable( 'ionq_api_key' ,  'abc' )", 'IONQ_API_KEY', "'abc'"],
  ])('%j assigns %s the value %j', (line, name, rawValue) => {
    expect(parseAssignment(line)).toEqual({ name, rawValue });
  });

  it.each([
    ['# export IONQ_API_KEY=abc'],
    ['   # IONQ_API_KEY=abc'],
    ['export PATH=$PATH:~/bin'],
    ['export IONQ_API_KEY_OLD=abc'],
    ['export MY_IONQ_API_KEY=abc'],
    ['ionq_api_key=abc'],
    ['echo IONQ_API_KEY=abc'],
    ['export IONQ_API_KEY'],
    ['unset IONQ_API_KEY'],
    ['settings IONQ_API_KEY abc'],
    ['setenvx IONQ_API_KEY abc'],
    ['set -gx IONQ_API_KEY_OLD abc'],
    ['setenv IONQ_API_KEYS abc'],
    ['$IONQ_API_KEY = "x"'],
    ['$env:IONQ_API_KEYS = "x"'],
    ['[Environment]::GetEnvironmentVariable("IONQ_API_KEY")'],
    ['x[Environment]::SetEnvironmentVariable("IONQ_API_KEY", "v")'],
    [''],
  ])('%j assigns no key variable', (line) => {
    expect(parseAssignment(line)).toBeUndefined();
  });
});

describe('findAssignments', () => {
  const text = [
    'export IONQ_API_KEY=first', // 1
    '# >>> ionq-env-setup >>>', // 2
    "export IONQ_API_KEY='in-block'", // 3
    '# <<< ionq-env-setup <<<', // 4
    'export QISKIT_IONQ_API_TOKEN=after', // 5
    '',
  ].join('\n');

  it('every assignment outside the skipped lines, in file order, with its line number', () => {
    expect(findAssignments(text, { from: 2, to: 4 })).toEqual([
      { name: 'IONQ_API_KEY', rawValue: 'first', line: 1 },
      { name: 'QISKIT_IONQ_API_TOKEN', rawValue: 'after', line: 5 },
    ]);
  });

  it('the skipped range includes both its ends', () => {
    const three = 'IONQ_API_KEY=a\nIONQ_API_KEY=b\nIONQ_API_KEY=c\n';
    expect(findAssignments(three, { from: 2, to: 2 }).map((a) => a.line)).toEqual([1, 3]);
    expect(findAssignments(three, { from: 1, to: 2 }).map((a) => a.line)).toEqual([3]);
    expect(findAssignments(three, { from: 2, to: 3 }).map((a) => a.line)).toEqual([1]);
  });

  it('without a range, every assignment', () => {
    expect(findAssignments(text).map((a) => a.line)).toEqual([1, 3, 5]);
  });

  it('reads the bytes as UTF-8, and CRLF lines without their CR', () => {
    expect(findAssignments(toBinary('IONQ_API_KEY=ünï\r\n'))).toEqual([{ name: 'IONQ_API_KEY', rawValue: 'ünï', line: 1 }]);
  });
});

describe('maskAssignmentLine', () => {
  const mask = (raw: string) => `<${raw.length}>`;
  it('replaces only the value, keeping everything around it', () => {
    expect(maskAssignmentLine('  export IONQ_API_KEY=secret-value  ', mask)).toBe('  export IONQ_API_KEY=<12>  ');
    expect(maskAssignmentLine("$env:IONQ_API_KEY = 'abc'", mask)).toBe('$env:IONQ_API_KEY = <5>');
  });

  it('the value, not an earlier occurrence of the same text', () => {
    expect(maskAssignmentLine('export IONQ_API_KEY=IONQ', mask)).toBe('export IONQ_API_KEY=<4>');
  });

  it('leaves other lines, and assignments of nothing, alone', () => {
    expect(maskAssignmentLine('export PATH=/bin', mask)).toBe('export PATH=/bin');
    expect(maskAssignmentLine('export IONQ_API_KEY=', mask)).toBe('export IONQ_API_KEY=');
    expect(maskAssignmentLine('# IONQ_API_KEY=abc', mask)).toBe('# IONQ_API_KEY=abc');
  });
});

describe('looseUnquote', () => {
  it.each([
    ['"abc"', 'abc'],
    ["'abc'", 'abc'],
    ['"abc";', 'abc'],
    ['  "abc"  ', 'abc'],
    ['abc;', 'abc'],
    ['  abc  ', 'abc'],
    ['"abc\'', '"abc\''],
    ['"a"b"', 'a"b'],
    ['a;b', 'a;b'],
    ['"abc"x', '"abc"x'],
  ])('%j → %j', (raw, value) => {
    expect(looseUnquote(raw)).toBe(value);
  });
});

describe('literalValue', () => {
  it.each([
    ['posix', "'a b'", 'a b'],
    ['posix', `'it'\\''s'`, "it's"],
    ['posix', '"abc"', 'abc'],
    ['posix', '  abc;  ', 'abc'],
    ['posix', 'abc', 'abc'],
    ['fish', "'a\\'b'", "a'b"],
    ['tcsh', "'a\\!b'", 'a!b'],
    ['pwsh', "'it''s'", "it's"],
    ['pwsh', '"abc"', 'abc'],
    ['dotenv', 'abc # a comment', 'abc'],
    ['dotenv', 'abc  \t# a comment', 'abc'],
    ['posix', 'a(b', 'a(b'],
    ['posix', 'a)b', 'a)b'],
    ['posix', '(ab', undefined],
    ['dotenv', 'abc#not-a-comment', 'abc#not-a-comment'],
    ['dotenv', 'abc;', 'abc;'],
    ['dotenv', "'a b'", 'a b'],
    ['dotenv', "'it'\\''s'", undefined],
    ['posix', "'a'\"b\"", undefined],
    ['posix', '"a$b"', undefined],
    ['posix', '"a`b`"', undefined],
    ['posix', '"a\\b"', undefined],
    ['posix', '$(cat ~/.ionq)', undefined],
    ['posix', '`cat ~/.ionq`', undefined],
    ['posix', 'a$b', undefined],
    ['fish', '(cat ~/.ionq)', undefined],
    ['posix', 'a)', undefined],
    ['posix', 'a b', undefined],
    ['posix', 'a\\b', undefined],
    ['posix', "a'b", undefined],
    ['posix', 'a"b', undefined],
    ['posix', '', undefined],
    ['posix', ';', undefined],
    ['dotenv', ' # only a comment', undefined],
  ] as const)('%s %j → %j', (dialect, raw, value) => {
    expect(literalValue(dialect, raw)).toBe(value);
  });
});

describe('maskedValue', () => {
  it('a literal: the mask of the key it holds', () => {
    expect(maskedValue('posix', "'abcdefghijkl'")).toBe('…ijkl');
  });

  it('a value the shell computes: marked, with the mask of its text', () => {
    expect(maskedValue('posix', '"$(pass show ionq)"')).toBe('(computed: …onq))');
  });
});
