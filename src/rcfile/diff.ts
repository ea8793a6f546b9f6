// A unified diff of one file's edit, for --dry-run and the wizard's confirmation. The tool's edits
// always touch one contiguous region, so a common prefix/suffix split gives the exact hunk.
import { fromBinary } from './block';

const CONTEXT = 2;

/** Lines of a diff between two binary strings; `maskLine` hides secrets in every line shown. */
export function unifiedDiff(label: string, before: string | null, after: string | null, maskLine: (line: string) => string): string {
  const a = toLines(before);
  const b = toLines(after);
  // Stryker disable next-line MethodExpression: Math.max is the same loop: past the end of the shorter side a[start] === b[start] already fails (lines are strings, never undefined).
  const common = Math.min(a.length, b.length);
  let start = 0;
  while (start < common && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return '';
  const from = Math.max(0, start - CONTEXT);
  const toA = Math.min(a.length, endA + CONTEXT);
  const toB = Math.min(b.length, endB + CONTEXT);
  const out = [
    `--- ${before === null ? '/dev/null' : label}`,
    `+++ ${after === null ? '/dev/null' : label}`,
    `@@ -${hunkStart(from, toA)},${toA - from} +${hunkStart(from, toB)},${toB - from} @@`,
  ];
  for (let i = from; i < start; i++) out.push(' ' + maskLine(a[i]!));
  for (let i = start; i < endA; i++) out.push('-' + maskLine(a[i]!));
  for (let i = start; i < endB; i++) out.push('+' + maskLine(b[i]!));
  for (let i = endA; i < toA; i++) out.push(' ' + maskLine(a[i]!));
  return out.join('\n');
}

// Unified-diff convention: an empty side's hunk starts at line 0.
const hunkStart = (from: number, to: number): number => (to === from ? from : from + 1);

function toLines(binary: string | null): string[] {
  if (binary === null) return [];
  const text = fromBinary(binary);
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
