// The guided setup in a real terminal on a machine that is not clean: a key already in this terminal,
// IonQ not answering at all, no key at hand (the keys page), a narrow window. The built CLI in a
// pseudo-terminal (node-pty), a temp home, a real HTTP server on 127.0.0.1 as IonQ.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { KEYS } from '../helpers/pty';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { snapshotDir } from '../helpers/snapshot';
import { readVarInShell, requireProgram } from '../helpers/shells';
import { useWizardTerminal } from '../helpers/wizard-terminal';

jest.setTimeout(120_000);

const GC_PRESSURE = fileURLToPath(new URL('../helpers/gc-pressure.mjs', import.meta.url));
const KEYS_PAGE = 'https://cloud.ionq.com/settings/keys';

const w = useWizardTerminal('/bin/bash');
const { start } = w;


const hasBash = requireProgram('bash');
const itBash = hasBash ? it : it.skip;

describe('the guided setup on a machine that is not clean', () => {
  itBash('a key already in this terminal is shown and offered first: Enter, Enter, Enter saves it for new terminals', async () => {
    const s = start([], { IONQ_API_KEY: TEST_KEY });
    await s.waitFor(/IONQ_API_KEY\s+…zq7w set in this terminal/);
    await s.waitFor('The key this terminal has (…zq7w)');
    s.type(KEYS.enter);
    await s.waitFor("IonQ accepted the key …zq7w: key 'laptop'");
    await s.waitFor('Which shells should have the key?');
    s.type(KEYS.enter);
    await s.waitFor('Make these changes?');
    s.type(KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    // No prompt for a key IonQ shows only once, and nothing sent the person off to make one.
    expect(s.text()).not.toContain('Paste your IonQ API key');
    expect(s.text()).not.toContain('No key yet?');
    expectNoKey(s.raw(), TEST_KEY, 'the terminal');
    expect(readVarInShell('bash', w.home.env)).toBe(TEST_KEY);
  });

  it('IonQ accepts the connection and never answers: the 10 s limit (here 3 s) holds even while garbage is collected constantly', async () => {
    w.fake.fallback = () => ({ status: 200, hang: true });
    const before = snapshotDir(w.home.home);
    const s = start(['--shell', 'bash'], { IONQ_VERIFY_TIMEOUT_MS: '3000' }, { nodeArgs: ['--expose-gc', '--import', GC_PRESSURE] });
    await s.waitFor('(input is hidden)');
    const typed = Date.now();
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('Could not verify the key …zq7w: no answer within 3 s.', 20_000);
    const waited = Date.now() - typed;
    expect(waited).toBeGreaterThanOrEqual(2_900);
    expect(waited).toBeLessThan(15_000);
    await s.waitFor('Save the key …zq7w anyway, without checking it?');
    s.type('n' + KEYS.enter);
    expect((await s.exited).exitCode).toBe(4);
    expect(snapshotDir(w.home.home)).toEqual(before);
  });

  describe('Enter with nothing pasted leads to the keys page', () => {
    let bin: string;
    let opened: string;
    beforeEach(() => {
      // A stand-in for the desktop's opener: records what it was asked to open.
      bin = mkdtempSync(join(tmpdir(), 'ionq-opener-'));
      opened = join(bin, 'opened.txt');
      writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`);
      chmodSync(join(bin, 'xdg-open'), 0o755);
    });
    afterEach(() => rmSync(bin, { recursive: true, force: true }));

    it('with a display: offers to open it (default yes) and opens it in the browser, then asks for the key again', async () => {
      const s = start(['--shell', 'bash', '--no-verify'], { DISPLAY: ':0', PATH: `${bin}:${w.home.env.PATH}` });
      await s.waitFor('(input is hidden)');
      s.type(KEYS.enter);
      await s.waitFor('Open the IonQ keys page in your browser?');
      s.type(KEYS.enter);
      await s.waitFor('Opened in your browser:');
      await s.waitFor('(input is hidden)');
      for (let i = 0; i < 50 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 100));
      expect(readFileSync(opened, 'utf8')).toBe(`${KEYS_PAGE}\n`);
      s.type(KEYS.ctrlC);
      expect((await s.exited).exitCode).toBe(130);
    });

    it('in an SSH session: starts nothing, prints the address on a line of its own', async () => {
      const s = start(['--shell', 'bash', '--no-verify'], { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22', PATH: `${bin}:${w.home.env.PATH}` });
      await s.waitFor('(input is hidden)');
      s.type(KEYS.enter);
      await s.waitFor('No key was pasted');
      await s.waitFor(`\n  ${KEYS_PAGE}\n`);
      await s.waitFor('(input is hidden)');
      s.type(TEST_KEY + KEYS.enter);
      await s.waitFor('Make these changes?');
      s.type(KEYS.enter);
      expect((await s.exited).exitCode).toBe(0);
      expect(s.text()).not.toContain('Open the IonQ keys page');
      expect(existsSync(opened)).toBe(false);
    });
  });

  it('on a 46-column terminal, prose wraps between words: no word or address is split, no line is wider', async () => {
    mkdirSync(join(w.home.home, 'dotfiles'));
    const s = start(['--shell', 'bash', '--no-verify', '--yes'], { NO_COLOR: '1', TERM: 'xterm' }, { cols: 46 });
    await s.waitFor('(input is hidden)');
    s.type(KEYS.enter);
    await s.waitFor(KEYS_PAGE);
    s.type(TEST_KEY + KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    const lines = s.text().split('\n');
    // Read with its line breaks as spaces, the prose is whole: a word split across lines would not match.
    const flat = s.text().replace(/\s+/g, ' ');
    expect(flat).toContain('Every new terminal, and every IonQ SDK (qiskit-ionq, cirq-ionq, PennyLane-IonQ, ionq-core), will find it there.');
    expect(flat).toContain('No key was pasted. Create one on the API Keys page of IonQ Quantum Cloud and copy it right away (it is shown only once):');
    expect(lines.filter((l) => l.includes('Every new terminal')).length).toBe(1);
    expect(lines.some((l) => l.trim() === KEYS_PAGE)).toBe(true);
    // The prose the tool wraps stays within the width (prompts are Inquirer's own).
    for (const line of lines.filter((l) => /^(Every|Nothing|No key|the key|copy|What is here)/.test(l))) expect(line.length).toBeLessThanOrEqual(46);
  });

  it('cancelling verify (which changes nothing) says only that', async () => {
    const s = start(['verify']);
    await s.waitFor('(input is hidden)');
    s.type(KEYS.ctrlC);
    await s.waitFor('Cancelled.');
    expect((await s.exited).exitCode).toBe(130);
    expect(s.text()).not.toContain('Nothing was changed');
  });
});
