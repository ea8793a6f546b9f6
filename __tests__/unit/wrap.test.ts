// Prose for a terminal: wrapped between words to its width; a URL or a command is never split.
import { wrapProse } from '../../src/wizard/text';

describe('wrapping prose to the terminal', () => {
  it('leaves a line that fits as it is, and wraps a longer one between words within the width', () => {
    expect(wrapProse('short line', 40)).toBe('short line');
    const out = wrapProse('Every new terminal, and every IonQ SDK (qiskit-ionq, cirq-ionq, PennyLane-IonQ), will find it there.', 30);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(30);
    expect(out.replace(/\n/g, ' ')).toBe('Every new terminal, and every IonQ SDK (qiskit-ionq, cirq-ionq, PennyLane-IonQ), will find it there.');
  });

  it('keeps a URL longer than the width whole, on a line of its own', () => {
    const url = 'https://cloud.ionq.com/settings/keys';
    const out = wrapProse(`Create one here: ${url} and paste it.`, 24);
    expect(out.split('\n')).toContain(url);
  });

  it('puts a command that ends a sentence on a line of its own instead of splitting it', () => {
    expect(wrapProse('Check anytime with: npx ionq-env-setup status', 30)).toBe('Check anytime with:\n  npx ionq-env-setup status');
    expect(wrapProse('New terminals will have the key. To load it into this bash now: source ~/.bashrc', 40)).toBe(
      'New terminals will have the key. To load\nit into this bash now:\n  source ~/.bashrc',
    );
    // Wide enough: one line, as written.
    expect(wrapProse('Check anytime with: npx ionq-env-setup status', 80)).toBe('Check anytime with: npx ionq-env-setup status');
  });

  it('lines up a message\'s continuation lines under its text, and keeps an indented line indented', () => {
    expect(wrapProse('! That has a space or line break inside it; copy only the key.', 30)).toBe('! That has a space or line\n  break inside it; copy only\n  the key.');
    expect(wrapProse('    fix: delete line 3 of the file you wrote long ago', 30)).toBe('    fix: delete line 3 of the\n    file you wrote long ago');
  });

  it('wraps at 100 columns at most, however wide the terminal', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    for (const line of wrapProse(long, 300).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
