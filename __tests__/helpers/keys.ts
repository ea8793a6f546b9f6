// Keys used across the suite. Each is distinctive, so a leak check can search captured output for it.

/** The everyday test key. */
export const TEST_KEY = 'ionqTESTkey-9f8e7d6c5b4a3928-SECRET-zq7w';

/** Keys that break naive quoting, in every dialect the tool writes (at least 15, as the core issue asks). */
export const AWKWARD_KEYS: readonly string[] = [
  'ionq-TEST-plain-a1b2c3d4e5f6g7h8',
  "sq'TEST'0002'quote",
  'dq"TEST"0003"quote',
  '$HOME$(id)${PATH}TEST-0004$',
  '`uname`TEST-0005`',
  'back\\slash\\\\TEST-0006',
  'TEST-0007-trailing-backslash\\',
  '!!TEST-0008!$!-1',
  '%PATH%TEST-0009%',
  '#TEST-0010#not-a-comment',
  'semi;amp&pipe|TEST-0011',
  'ünïcödé-€-😀-TEST-0012',
  '*?[a-z]{x,y}~TEST-0013',
  '(paren)<in>out^TEST-0014',
  '-n-e-TEST-0015',
  `'"'"'\\'TEST-0016`,
  "a\\!b\\'c-TEST-0017",
  'eq=b:c,d@TEST-0018+/',
  '\u2018smart\u2019\u201a\u201bTEST-0019',
  `TEST-0020-${'x9'.repeat(150)}`,
];

/** Whitespace, control characters and over-long keys: each refused with exit 2. */
export const REFUSED_KEYS: readonly { name: string; key: string }[] = [
  { name: 'empty', key: '' },
  { name: 'only spaces', key: '   \n' },
  { name: 'a space inside', key: 'ionq TEST-refused-space' },
  { name: 'a tab inside', key: 'ionq\tTEST-refused-tab' },
  { name: 'a newline inside', key: 'ionq\nTEST-refused-newline' },
  { name: 'a NUL byte', key: 'ionq\u0000TEST-refused-nul' },
  { name: 'an escape character', key: 'ionq\u001b[31mTEST-refused-esc' },
  { name: 'DEL', key: 'ionq\u007fTEST-refused-del' },
  { name: 'a no-break space', key: 'ionq\u00a0TEST-refused-nbsp' },
  { name: 'a zero-width space', key: 'ionq\u200bTEST-refused-zwsp' },
  { name: 'over 1024 characters', key: 'TEST-refused-long-' + 'a'.repeat(1100) },
];
