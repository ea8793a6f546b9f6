import { keyProblem, validateKey } from '../../src/key/validate';
import { maskKey, redact } from '../../src/key/mask';
import { AWKWARD_KEYS, REFUSED_KEYS } from '../helpers/keys';

describe('key validation', () => {
  it.each(AWKWARD_KEYS.map((k) => [k]))('accepts %j', (key) => {
    expect(keyProblem(key)).toBeUndefined();
  });

  it.each(REFUSED_KEYS.map((k) => [k.name, k.key]))('refuses a key with %s, without quoting it', (_name, key) => {
    let message = '';
    try {
      validateKey(key, 'test');
    } catch (error) {
      message = (error as Error).message;
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
    expect(message).not.toBe('');
    if (key.trim().length > 4) expect(message).not.toContain(key.trim().slice(0, 8));
  });

  it('trims surrounding whitespace', () => {
    expect(validateKey('  abc-TEST-key\n', 'test')).toBe('abc-TEST-key');
  });
});

describe('masking', () => {
  it('shows only the last four characters', () => {
    expect(maskKey('abcdefghijklmnop')).toBe('…mnop');
    expect(maskKey('short')).toBe('…****');
    expect(maskKey('ünïcödé-€-😀-TEST')).toBe('…TEST');
  });

  it('redacts every occurrence of a secret', () => {
    expect(redact('a SECRETKEY1234 b SECRETKEY1234', ['SECRETKEY1234'])).toBe('a …1234 b …1234');
  });
});
