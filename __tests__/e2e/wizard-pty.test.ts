// The guided setup as a person meets it: the built CLI in a real pseudo-terminal (node-pty), keys typed
// into it, a temp home, and a real HTTP server on 127.0.0.1 as IonQ. Every test checks that no part of
// the key ever reached the screen, and the ones that save check that a real shell then has the key.
import { chmodSync } from 'node:fs';
import { KEYS, type PtySession } from '../helpers/pty';
import { runBuilt } from '../helpers/cli';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { snapshotDir } from '../helpers/snapshot';
import { readVarInShell, requireProgram } from '../helpers/shells';
import { useWizardTerminal } from '../helpers/wizard-terminal';
import { acceptingKeys } from '../helpers/fake-ionq';

import { jest } from '@jest/globals';

jest.setTimeout(120_000);

const OLD_KEY = 'ionqOLDkey-1111222233334444-wxyz';
const BAD_KEY = 'ionqBADkey-5555666677778888-0000';
const ALL_KEYS = [TEST_KEY, OLD_KEY, BAD_KEY];

const w = useWizardTerminal('/usr/bin/zsh');
const { start } = w;

const hasZsh = requireProgram('zsh');
const itZsh = hasZsh ? it : it.skip;


/** The screen must hold no key and no 8-character piece of one. */
function expectNoKeys(s: PtySession): void {
  for (const key of ALL_KEYS) {
    expectNoKey(s.raw(), key, 'the terminal');
    expectNoKey(s.text(), key, 'the terminal');
  }
}

describe('the wizard in a real terminal', () => {
  itZsh('happy path: type the key, keep the suggested shell, accept; a new zsh has the key', async () => {
    const s = start();
    await s.waitFor('IonQ Quantum Cloud → API Keys');
    await s.waitFor(/IONQ_API_KEY\s+not set yet/);
    await s.waitFor('Paste your IonQ API key (input is hidden)');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor("IonQ accepted the key …zq7w: key 'laptop' (project proj-42)");
    await s.waitFor('Which shells should have the key?');
    s.type(KEYS.enter);
    await s.waitFor('+export IONQ_API_KEY=…zq7w');
    await s.waitFor('Make these changes?');
    s.type(KEYS.enter);
    await s.waitFor('source ~/.zshrc');
    await s.waitFor('ionq-env-setup status');
    expect((await s.exited).exitCode).toBe(0);
    expectNoKeys(s);
    expect(readVarInShell('zsh', w.home.env)).toBe(TEST_KEY);
  });

  itZsh('a rejected key is said to be rejected and asked for again; the second one is saved', async () => {
    const s = start();
    await s.waitFor('(input is hidden)');
    s.type(BAD_KEY + KEYS.enter);
    await s.waitFor('IonQ rejected the key …0000');
    await s.waitFor('2 tries left');
    await s.waitFor('(input is hidden)');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('IonQ accepted the key');
    await s.waitFor('Which shells');
    s.type(KEYS.enter);
    await s.waitFor('Make these changes?');
    s.type(KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    expect(w.fake.requests.map((r) => r.authorization)).toEqual([`apiKey ${BAD_KEY}`, `apiKey ${TEST_KEY}`]);
    expectNoKeys(s);
    expect(readVarInShell('zsh', w.home.env)).toBe(TEST_KEY);
  });

  itZsh('replacing a different key: the saved one is shown and offered; choosing a new key shows both masked in the plan', async () => {
    const first = await runBuilt(['--key-stdin', '--shell', 'zsh'], { env: w.home.env, input: OLD_KEY, secrets: ALL_KEYS });
    expect(first.code).toBe(0);
    expect(readVarInShell('zsh', w.home.env)).toBe(OLD_KEY);
    const s = start();
    await s.waitFor(/IONQ_API_KEY\s+…wxyz in ~\/\.zshrc/);
    await s.waitFor('The key saved in ~/.zshrc (…wxyz)');
    s.type(KEYS.down + KEYS.enter);
    await s.waitFor('(input is hidden)');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('Which shells');
    s.type(KEYS.enter);
    await s.waitFor('-export IONQ_API_KEY=…wxyz');
    await s.waitFor('+export IONQ_API_KEY=…zq7w');
    await s.waitFor('Make these changes?');
    s.type(KEYS.enter);
    expect((await s.exited).exitCode).toBe(0);
    expectNoKeys(s);
    expect(readVarInShell('zsh', w.home.env)).toBe(TEST_KEY);
  });

  it('Enter on the key choice keeps the saved key (checked with IonQ): exit 0, nothing changed', async () => {
    w.fake.fallback = acceptingKeys({ [OLD_KEY]: { keyName: 'old', projectId: 'proj-1' } });
    const first = await runBuilt(['--key-stdin', '--shell', 'zsh'], { env: w.home.env, input: OLD_KEY, secrets: ALL_KEYS });
    expect(first.code).toBe(0);
    const before = snapshotDir(w.home.home);
    const s = start(['--shell', 'zsh']);
    await s.waitFor('Which key should new terminals get?');
    s.type(KEYS.enter);
    await s.waitFor("IonQ accepted the key …wxyz: key 'old'");
    await s.waitFor(/zsh\s+~\/\.zshrc\s+unchanged/);
    expect((await s.exited).exitCode).toBe(0);
    expectNoKeys(s);
    expect(snapshotDir(w.home.home)).toEqual(before);
  });

  it('Ctrl+C at the shell choice: exit 130, one short line, every file unchanged', async () => {
    chmodSync(w.home.home, 0o700);
    const before = snapshotDir(w.home.home);
    const s = start();
    await s.waitFor('(input is hidden)');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('Which shells');
    s.type(KEYS.ctrlC);
    await s.waitFor('Cancelled. Nothing was changed.');
    expect((await s.exited).exitCode).toBe(130);
    expect(s.text()).not.toMatch(/\n\s+at .*:\d+/);
    expectNoKeys(s);
    expect(snapshotDir(w.home.home)).toEqual(before);
  });

  it('Esc at the key prompt cancels too: exit 130, nothing changed', async () => {
    const before = snapshotDir(w.home.home);
    const s = start();
    await s.waitFor('(input is hidden)');
    s.type('ionqHALF');
    s.type(KEYS.esc);
    await s.waitFor('Cancelled. Nothing was changed.');
    expect((await s.exited).exitCode).toBe(130);
    expect(w.fake.requests).toHaveLength(0);
    expect(snapshotDir(w.home.home)).toEqual(before);
  });

  it('Ctrl+C while the key is being checked (the spinner): exit 130 at once, nothing changed', async () => {
    w.fake.queue.push({ status: 200, hang: true });
    const before = snapshotDir(w.home.home);
    const s = start();
    await s.waitFor('(input is hidden)');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('Checking the key with IonQ');
    // The request must be on its way: the cancel has to stop it, not race ahead of it.
    while (w.fake.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const pressed = Date.now();
    s.type(KEYS.ctrlC);
    await s.waitFor('Cancelled. Nothing was changed.');
    expect((await s.exited).exitCode).toBe(130);
    expect(Date.now() - pressed).toBeLessThan(20_000);
    expectNoKeys(s);
    expect(snapshotDir(w.home.home)).toEqual(before);
  });
});

describe('terminals with fewer abilities', () => {
  it('TERM=dumb on a 40-column terminal: plain line prompts, not one escape sequence, and the key is saved', async () => {
    const s = start(['--shell', 'bash'], { TERM: 'dumb' }, { cols: 40 });
    await s.waitFor('Paste your IonQ API key (input is hidden):');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('IonQ accepted the key');
    await s.waitFor('Make these changes? [Y/n]');
    s.type('y' + KEYS.enter);
    await s.waitFor('source ~/.bashrc');
    expect((await s.exited).exitCode).toBe(0);
    expect(s.raw()).not.toContain('\u001b');
    expectNoKeys(s);
    if (requireProgram('bash')) expect(readVarInShell('bash', w.home.env)).toBe(TEST_KEY);
  });

  it('TERM=dumb: Ctrl+C at a line prompt cancels with exit 130', async () => {
    const before = snapshotDir(w.home.home);
    const s = start([], { TERM: 'dumb' });
    await s.waitFor('(input is hidden):');
    s.type(KEYS.ctrlC);
    await s.waitFor('Cancelled. Nothing was changed.');
    expect((await s.exited).exitCode).toBe(130);
    expect(snapshotDir(w.home.home)).toEqual(before);
  });

  it('NO_COLOR on a narrow terminal: no colour codes anywhere, the wizard still completes', async () => {
    const s = start(['--shell', 'bash'], { NO_COLOR: '1' }, { cols: 38, rows: 20 });
    // Inquirer wraps its prompts at the terminal's width: wait for pieces that fit on one line.
    await s.waitFor('Paste your IonQ');
    s.type(TEST_KEY + KEYS.enter);
    await s.waitFor('Make these');
    s.type(KEYS.enter);
    await s.waitFor('ionq-env-setup status');
    expect((await s.exited).exitCode).toBe(0);
    // SGR sequences (colour, bold) look like ESC [ … m.
    expect(s.raw()).not.toMatch(new RegExp(String.raw`\u001b\[[\d;]*m`));
    expectNoKeys(s);
  });
});
