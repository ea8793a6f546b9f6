import { usageError } from '../errors';

/** setx truncates longer values (and reports success); no real IonQ key comes near this. */
export const MAX_KEY_LENGTH = 1024;

/** Why a key was refused, phrased so that it never quotes the key. */
export type KeyProblem = 'empty' | 'whitespace' | 'control' | 'too-long' | 'not-unicode';

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
const WHITESPACE = /[\s\u180e\u200b\u2060\ufeff]/u;
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Pure check of a trimmed key; returns the first problem found, or undefined if the key is acceptable. */
export function keyProblem(key: string): KeyProblem | undefined {
  if (key.length === 0) return 'empty';
  // Real keys are printable ASCII, which has none of the problems below: skip the Unicode patterns (their
  // character tables cost more to build than the rest of a run's checks together).
  if (PRINTABLE_ASCII.test(key)) return key.length > MAX_KEY_LENGTH ? 'too-long' : undefined;
  if (LONE_SURROGATE.test(key)) return 'not-unicode';
  if (WHITESPACE.test(key)) return 'whitespace';
  if (CONTROL.test(key)) return 'control';
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
