// The unified diff --dry-run and the wizard show (src/rcfile/diff.ts): exact headers, hunk ranges and two
// lines of context, as `patch` and every diff viewer read them.
import { unifiedDiff } from '../../src/rcfile/diff';
import { toBinary } from '../../src/rcfile/block';

const same = (line: string) => line;
const diff = (before: string | null, after: string | null, mask = same) => unifiedDiff('~/.bashrc', before, after, mask).split('\n');

describe('unifiedDiff', () => {
  it('a line changed in the middle: two lines of context on each side', () => {
    expect(diff('l1\nl2\nl3\nl4\nl5\nl6\nl7\n', 'l1\nl2\nl3\nL4\nl5\nl6\nl7\n')).toEqual([
      '--- ~/.bashrc',
      '+++ ~/.bashrc',
      '@@ -2,5 +2,5 @@',
      ' l2',
      ' l3',
      '-l4',
      '+L4',
      ' l5',
      ' l6',
    ]);
  });

  it('a block appended after a blank line: context before, none after the end of the file', () => {
    expect(diff('a\nb\nc\n', 'a\nb\nc\n\n# >>> x\n# <<< x\n')).toEqual([
      '--- ~/.bashrc',
      '+++ ~/.bashrc',
      '@@ -2,2 +2,5 @@',
      ' b',
      ' c',
      '+',
      '+# >>> x',
      '+# <<< x',
    ]);
  });

  it('lines removed with more lines after them: the hunk counts each side', () => {
    expect(diff('a\nb\nB1\nB2\nc\nd\ne\n', 'a\nb\nc\nd\ne\n')).toEqual([
      '--- ~/.bashrc',
      '+++ ~/.bashrc',
      '@@ -1,6 +1,4 @@',
      ' a',
      ' b',
      '-B1',
      '-B2',
      ' c',
      ' d',
    ]);
  });

  it('a change on the first line of a long file', () => {
    expect(diff('x\n2\n3\n4\n5\n', 'y\n2\n3\n4\n5\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,3 +1,3 @@', '-x', '+y', ' 2', ' 3']);
  });

  it('a change on the last line, one line from the start', () => {
    expect(diff('1\n2\n3\nx\n', '1\n2\n3\ny\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -2,3 +2,3 @@', ' 2', ' 3', '-x', '+y']);
  });

  it('a new file: from /dev/null, its hunk starting at line 0 on the empty side', () => {
    expect(diff(null, 'x\ny\n')).toEqual(['--- /dev/null', '+++ ~/.bashrc', '@@ -0,0 +1,2 @@', '+x', '+y']);
  });

  it('an empty file is not /dev/null, but its side of the hunk is empty too', () => {
    expect(diff('', 'x\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -0,0 +1,1 @@', '+x']);
  });

  it('a deleted file: to /dev/null', () => {
    expect(diff('x\ny\n', null)).toEqual(['--- ~/.bashrc', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-x', '-y']);
  });

  it('emptied, not deleted', () => {
    expect(diff('x\n', '')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,1 +0,0 @@', '-x']);
  });

  it('no change: no diff at all', () => {
    expect(unifiedDiff('f', 'a\nb\n', 'a\nb\n', same)).toBe('');
    expect(unifiedDiff('f', null, null, same)).toBe('');
    expect(unifiedDiff('f', '', null, same)).toBe('');
  });

  it('a last line without a newline keeps every character', () => {
    expect(diff('a\n', 'a\nbc')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,1 +1,2 @@', ' a', '+bc']);
    expect(diff('old', 'new')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,1 +1,1 @@', '-old', '+new']);
  });

  it('a trailing blank line is a line of its own', () => {
    expect(diff('a\n\n', 'a\n\nb\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,2 +1,3 @@', ' a', ' ', '+b']);
  });

  it('CRLF files: lines shown without their CR; a CR inside a line stays', () => {
    expect(diff('a\r\nb\r\n', 'a\r\nB\r\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,2 +1,2 @@', ' a', '-b', '+B']);
    expect(diff('x\ry\r\n', 'z\r\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,1 +1,1 @@', '-x\ry', '+z']);
  });

  it('shows the bytes of the file decoded as UTF-8', () => {
    expect(diff(toBinary('ü\n'), toBinary('ü\n€\n'))).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,1 +1,2 @@', ' ü', '+€']);
  });

  it('every line shown, context included, goes through the mask', () => {
    const mask = (line: string) => line.replace(/secret\d/g, '…');
    expect(diff('secret1\nsecret2\nsecret3\n', 'secret1\nsecret2\nsecret4\n', mask)).toEqual([
      '--- ~/.bashrc',
      '+++ ~/.bashrc',
      '@@ -1,3 +1,3 @@',
      ' …',
      ' …',
      '-…',
      '+…',
    ]);
  });
});

describe('unifiedDiff with repeated lines', () => {
  it('a line added after an identical one', () => {
    expect(diff('x\n', 'x\nx\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,1 +1,2 @@', ' x', '+x']);
  });

  it('a line removed after an identical one', () => {
    expect(diff('x\nx\n', 'x\n')).toEqual(['--- ~/.bashrc', '+++ ~/.bashrc', '@@ -1,2 +1,1 @@', ' x', '-x']);
  });
});
