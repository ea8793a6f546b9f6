import { usageError } from '../platform/errors';

/** setx truncates longer values (and reports success); no real IonQ key comes near this. */
const MAX_KEY_LENGTH = 1024;

/** Why a key was refused, phrased so that it never quotes the key. */
export type KeyProblem = 'empty' | 'whitespace' | 'control' | 'too-long' | 'not-unicode';

/** A character that is not printable ASCII. */
const OUTSIDE_PRINTABLE_ASCII = /[^\x21-\x7e]/;
// The Unicode patterns are made only when a key needs them: even creating them costs a plain run a little,
// and a run with a plain ASCII key (every real one) never does. They are not cached: evaluating a literal
// again reuses what V8 compiled the first time (~0.1 µs), and each check then really uses them, which is
// what mutation testing sees (a cached pattern is credited to the first test that built it).
const unicode = (): { whitespace: RegExp; control: RegExp; loneSurrogate: RegExp } => ({
  whitespace: /[\s\u180e\u200b\u2060\ufeff]/u,
  control: /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u,
  loneSurrogate: /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
});

/** Pure check of a trimmed key; returns the first problem found, or undefined if the key is acceptable. */
export function keyProblem(key: string): KeyProblem | undefined {
  if (key.length === 0) return 'empty';
  // Real keys are printable ASCII, which has none of the problems below: skip the Unicode patterns (their
  // character tables cost more to build than the rest of a run's checks together).
  // Stryker disable next-line ConditionalExpression: a shortcut only: printable ASCII passes every check below but the length, measured the same.
  if (!OUTSIDE_PRINTABLE_ASCII.test(key)) return key.length > MAX_KEY_LENGTH ? 'too-long' : undefined;
  const { whitespace, control, loneSurrogate } = unicode();
  if (loneSurrogate.test(key)) return 'not-unicode';
  if (whitespace.test(key)) return 'whitespace';
  if (control.test(key)) return 'control';
  if (Array.from(key).length > MAX_KEY_LENGTH) return 'too-long';
  return undefined;
}

const REASONS: Record<KeyProblem, string> = {
  empty: 'The key is empty.',
  whitespace: 'The key contains a space, tab or line break inside it; IonQ keys never do.',
  control: 'The key contains a control or invisible formatting character; IonQ keys never do.',
  'too-long': `The key is longer than ${MAX_KEY_LENGTH} characters; IonQ keys are much shorter.`,
  'not-unicode': 'The key is not valid text (it holds a broken Unicode sequence).',
};

/** Trims surrounding whitespace, then refuses keys no shell could hold byte-for-byte (exit 2). */
export function validateKey(raw: string, source: string): string {
  const key = raw.trim();
  const problem = keyProblem(key);
  if (problem !== undefined) {
    throw usageError(
      'INVALID_KEY',
      `${REASONS[problem]} (key from ${source})`,
      'Copy the key again from IonQ Quantum Cloud → API Keys, and paste only the key.',
    );
  }
  return key;
}
