// Which keys are refused and why (src/key/validate.ts), how a key is ever shown (src/key/mask.ts), the
// variables the tool knows (src/key/variables.ts) and what a failed check tells the user
// (src/key/verification.ts): exact limits, exact texts, exact codes.
import { keyProblem, validateKey } from '../../src/key/validate';
import { maskKey, redact } from '../../src/key/mask';
import { ALL_KEY_VARIABLES, KEY_VARIABLE, SHADOWING_VARIABLES } from '../../src/key/variables';
import { describeIdentity, identityOf, KEYS_PAGE, verificationFailure } from '../../src/key/verification';
import { thrownBy, userView } from '../helpers/cli-error';

describe('keyProblem: the length limit (setx truncates longer values)', () => {
  it('1024 printable ASCII characters are accepted, 1025 are too long', () => {
    expect(keyProblem('k'.repeat(1024))).toBeUndefined();
    expect(keyProblem('k'.repeat(1025))).toBe('too-long');
  });

  it('other keys are measured in characters, not UTF-16 units', () => {
    expect(keyProblem('ü'.repeat(1024))).toBeUndefined();
    expect(keyProblem('ü'.repeat(1025))).toBe('too-long');
    expect(keyProblem('😀'.repeat(1024))).toBeUndefined();
    expect(keyProblem('😀'.repeat(1025))).toBe('too-long');
  });
});

describe('keyProblem: characters', () => {
  it.each([
    ['plain', 'ionqTESTkey-1234'],
    ['every printable ASCII character', Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('')],
    ['letters beyond ASCII', 'ünïcödé-€-TEST'],
    ['a character outside the BMP (a surrogate pair)', 'a😀b'],
  ])('%s: accepted', (_name, key) => {
    expect(keyProblem(key)).toBeUndefined();
  });

  it.each([
    ['a space', 'a b', 'whitespace'],
    ['a tab', 'a\tb', 'whitespace'],
    ['a newline', 'a\nb', 'whitespace'],
    ['a no-break space', 'a\u00a0b', 'whitespace'],
    ['a Mongolian vowel separator', 'a\u180eb', 'whitespace'],
    ['a zero-width space', 'a\u200bb', 'whitespace'],
    ['a word joiner', 'a\u2060b', 'whitespace'],
    ['a byte-order mark', 'a\ufeffb', 'whitespace'],
    ['a line separator', 'a\u2028b', 'whitespace'],
    ['an ideographic space', 'a\u3000b', 'whitespace'],
    ['NUL', 'a\u0000b', 'control'],
    ['ESC', 'a\u001bb', 'control'],
    ['DEL', 'a\u007fb', 'control'],
    ['a C1 control (NEL)', 'a\u0085b', 'control'],
    ['a soft hyphen (invisible formatting)', 'a\u00adb', 'control'],
    ['a left-to-right mark', 'a\u200eb', 'control'],
    ['a right-to-left override', 'a\u202eb', 'control'],
    ['only refused characters beyond ASCII', '\u200b\u200e', 'whitespace'],
    ['only an invisible formatting character', '\u00ad', 'control'],
    ['a lone high surrogate at the end', 'abc\ud800', 'not-unicode'],
    ['a lone high surrogate inside', 'a\ud800b', 'not-unicode'],
    ['a lone low surrogate', '\udc00abc', 'not-unicode'],
    ['a low surrogate before a high one', 'a\udc00\ud800b', 'not-unicode'],
    ['a lone surrogate with whitespace too', 'a b\ud800', 'not-unicode'],
    ['whitespace and a control character', 'a b\u0000', 'whitespace'],
    ['a control character in a long key', `\u0000${'k'.repeat(2000)}`, 'control'],
  ])('%s: %s', (_name, key, problem) => {
    expect(keyProblem(key)).toBe(problem);
  });

  it('an empty key', () => {
    expect(keyProblem('')).toBe('empty');
  });
});

describe('validateKey', () => {
  it('trims surrounding whitespace and returns the key', () => {
    expect(validateKey('  ionq-key\r\n', 'stdin')).toBe('ionq-key');
    expect(validateKey('\tionq-key', 'stdin')).toBe('ionq-key');
  });

  it.each([
    ['', 'The key is empty. (key from --key-stdin)'],
    [' \n ', 'The key is empty. (key from --key-stdin)'],
    ['a b', 'The key contains a space, tab or line break inside it; IonQ keys never do. (key from --key-stdin)'],
    ['a\u0000b', 'The key contains a control or invisible formatting character; IonQ keys never do. (key from --key-stdin)'],
    ['k'.repeat(1025), 'The key is longer than 1024 characters; IonQ keys are much shorter. (key from --key-stdin)'],
    ['ab\ud800', 'The key is not valid text (it holds a broken Unicode sequence). (key from --key-stdin)'],
  ])('refuses %j: exit 2, INVALID_KEY, saying why without quoting the key', (key, message) => {
    const e = thrownBy(() => validateKey(key, '--key-stdin'));
    expect(userView(e)).toEqual({
      code: 'INVALID_KEY',
      exitCode: 2,
      message,
      hint: 'Copy the key again from IonQ Quantum Cloud → API Keys, and paste only the key.',
    });
  });
});

describe('maskKey', () => {
  it.each([
    ['', '…'],
    ['a', '…*'],
    ['abc', '…***'],
    ['abcd', '…****'],
    ['abcdefgh', '…****'],
    ['abcdefghi', '…fghi'],
    ['ionqTESTkey-9f8e7d6c', '…7d6c'],
    ['ünïcödé€', '…****'],
    ['ünïcödé€x', '…dé€x'],
    ['😀😀😀😀😀😀😀😀😀', '…😀😀😀😀'],
    ['😀😀😀😀😀😀😀😀', '…****'],
  ])('%j → %j', (key, masked) => {
    expect(maskKey(key)).toBe(masked);
  });
});

describe('redact', () => {
  it('replaces every occurrence of each secret by its mask', () => {
    expect(redact('a SECRETKEY1234 b SECRETKEY1234 c OTHERKEY5678', ['SECRETKEY1234', 'OTHERKEY5678'])).toBe('a …1234 b …1234 c …5678');
  });

  it('a secret of four characters is masked; shorter ones are left (they would mask ordinary words)', () => {
    expect(redact('key abcd here', ['abcd'])).toBe('key …**** here');
    expect(redact('the cat sat', ['cat', 'at'])).toBe('the cat sat');
  });

  it('text without the secret is unchanged', () => {
    expect(redact('nothing here', ['SECRETKEY1234'])).toBe('nothing here');
    expect(redact('nothing here', [])).toBe('nothing here');
  });
});

describe('the key variables', () => {
  it('IONQ_API_KEY, and the variables SDKs read that shadow it', () => {
    expect(KEY_VARIABLE).toBe('IONQ_API_KEY');
    expect(SHADOWING_VARIABLES).toEqual([
      { name: 'QISKIT_IONQ_API_TOKEN', sdk: 'qiskit-ionq', readFirst: true },
      { name: 'CIRQ_IONQ_API_KEY', sdk: 'cirq-ionq', readFirst: true },
      { name: 'PENNYLANE_IONQ_API_KEY', sdk: 'PennyLane-IonQ', readFirst: true },
      { name: 'IONQ_API_TOKEN', sdk: 'qiskit-ionq', readFirst: false },
    ]);
    expect(ALL_KEY_VARIABLES).toEqual(['IONQ_API_KEY', 'QISKIT_IONQ_API_TOKEN', 'CIRQ_IONQ_API_KEY', 'PENNYLANE_IONQ_API_KEY', 'IONQ_API_TOKEN']);
  });
});

describe('verificationFailure', () => {
  const env = { IONQ_API_URL: 'https://proxy.example/v0.4/' };

  it('401: KEY_REJECTED, exit 3', () => {
    expect(userView(verificationFailure({ kind: 'invalid', status: 401 }, '…wxyz', env, 'saving'))).toEqual({
      code: 'KEY_REJECTED',
      exitCode: 3,
      message: 'IonQ rejected the key …wxyz: it is not valid, or it was revoked (HTTP 401). Nothing was saved.',
      hint: `Create a new key in IonQ Quantum Cloud (${KEYS_PAGE}), copy it whole, and save it with: npx ionq-env-setup`,
    });
    expect(verificationFailure({ kind: 'invalid', status: 401 }, '…wxyz', env, 'checking').message).toBe(
      'IonQ rejected the key …wxyz: it is not valid, or it was revoked (HTTP 401).',
    );
  });

  it('403: KEY_FORBIDDEN, exit 3', () => {
    expect(userView(verificationFailure({ kind: 'forbidden', status: 403 }, '…wxyz', env, 'checking'))).toEqual({
      code: 'KEY_FORBIDDEN',
      exitCode: 3,
      message: 'IonQ recognised the key …wxyz, but it is not permitted to use the API (HTTP 403).',
      hint: "Check the key's project and permissions in IonQ Quantum Cloud (https://cloud.ionq.com/settings/keys).",
    });
    expect(verificationFailure({ kind: 'forbidden', status: 403 }, '…wxyz', env, 'saving').message).toMatch(/\(HTTP 403\)\. Nothing was saved\.$/);
  });

  it('unavailable: VERIFY_UNAVAILABLE, exit 4, naming the API it tried; --no-verify only when saving', () => {
    expect(userView(verificationFailure({ kind: 'unavailable', reason: 'the connection was refused' }, '…wxyz', env, 'saving'))).toEqual({
      code: 'VERIFY_UNAVAILABLE',
      exitCode: 4,
      message: 'Could not verify the key …wxyz: the connection was refused. Nothing was saved.',
      hint: 'Check your network connection and that https://proxy.example/v0.4 can be reached (IONQ_API_URL changes it), then try again, or save the key without checking it: --no-verify.',
    });
    expect(userView(verificationFailure({ kind: 'unavailable', reason: 'network error' }, '…wxyz', {}, 'checking'))).toEqual({
      code: 'VERIFY_UNAVAILABLE',
      exitCode: 4,
      message: 'Could not verify the key …wxyz: network error.',
      hint: 'Check your network connection and that https://api.ionq.co/v0.4 can be reached (IONQ_API_URL changes it), then try again.',
    });
  });
});

describe('describeIdentity', () => {
  it.each([
    [{ keyName: 'laptop', projectName: 'Research', projectId: 'proj-42' }, "key 'laptop' (project Research)"],
    [{ keyName: 'laptop', projectId: 'proj-42' }, "key 'laptop' (project proj-42)"],
    [{ keyName: 'laptop' }, "key 'laptop'"],
    [{ projectId: 'proj-42' }, 'the key (project proj-42)'],
    [{ projectName: 'Research' }, 'the key (project Research)'],
    [{}, 'IonQ did not say which key or project'],
  ])('%j → %j', (identity, text) => {
    expect(describeIdentity(identity)).toBe(text);
  });

  it('identityOf takes the identity out of an accepted outcome', () => {
    expect(identityOf({ kind: 'valid', keyName: 'k', projectId: 'p' })).toEqual({ keyName: 'k', projectId: 'p' });
    expect(identityOf({ kind: 'valid' })).toEqual({});
  });
});
