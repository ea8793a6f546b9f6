// The guided setup, step by step, with every prompt answered by a script (an unexpected prompt fails
// the test): real files in a temp home, a real HTTP server on 127.0.0.1 standing in for IonQ.
import { chmodSync, readFileSync, statSync, writeFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runInProcess, type CliRun } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { snapshotDir } from '../helpers/snapshot';
import { acceptingKeys, startFakeIonq, type FakeIonq } from '../helpers/fake-ionq';
import { checkbox, choiceNamed, confirm, scriptedAsker, secret, select, type Step } from '../helpers/scripted-asker';
import type { Runner, RunResult, System } from '../../src/platform/system';
import type { Choice } from '../../src/core/interaction';
import { ABOUT_NOTE } from '../../src/rcfile/block';

const OLD_KEY = 'ionqOLDkey-1111222233334444-wxyz';
const BAD_KEY = 'ionqBADkey-5555666677778888-0000';
const KEY_PROMPT = /Paste your IonQ API key \(input is hidden\)/;
const SHELLS_PROMPT = /Which shells should have the key\?/;
const APPLY_PROMPT = /Make these changes\?/;
const KEY_CHOICE = /Which key should new terminals get\?/;

/** The wizard's prose is wrapped to the terminal: compare it with its line breaks as spaces. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

let h: TempHome;
let fake: FakeIonq;
beforeEach(async () => {
  h = await makeTempHome();
  fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
});
afterEach(async () => {
  await fake.close();
  await h.cleanup();
});

/** Programs "installed" on the test machine, so the shell choice does not depend on this computer. */
const onlyPrograms =
  (...programs: string[]): System['which'] =>
  async (p) =>
    programs.includes(p) ? `/usr/bin/${p}` : undefined;

interface WizardOptions {
  env?: Record<string, string>;
  programs?: string[];
  system?: Partial<System>;
  platform?: NodeJS.Platform;
  run?: Runner;
}

async function wizard(argv: string[], script: Step[], options: WizardOptions = {}): Promise<CliRun & { asked: string[] }> {
  const asker = scriptedAsker(script);
  const run = await runInProcess(argv, {
    // NO_COLOR keeps the text plain for matching (colour itself is checked in the terminal tests).
    env: { ...h.env, TERM: 'xterm-256color', NO_COLOR: '1', SHELL: '/usr/bin/zsh', IONQ_API_URL: fake.url, ...options.env },
    stdinIsTTY: true,
    stdoutIsTTY: true,
    asker: asker.factory,
    secrets: [TEST_KEY, OLD_KEY, BAD_KEY],
    system: { which: onlyPrograms(...(options.programs ?? ['zsh', 'bash'])), ...options.system },
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.run ? { run: options.run } : {}),
  });
  asker.finish();
  return { ...run, asked: asker.asked };
}

const checked = (choices: readonly Choice<unknown>[]) => choices.filter((c) => c.checked).map((c) => c.value);
const zshrc = () => join(h.home, '.zshrc');
const bashrc = () => join(h.home, '.bashrc');

describe('the guided setup (first time)', () => {
  it('explains, shows what it found, asks for the key hidden, checks it, and saves it in the chosen shells', async () => {
    const run = await wizard(
      [],
      [
        secret(KEY_PROMPT, `  ${TEST_KEY}\n`),
        checkbox(SHELLS_PROMPT, ['zsh', 'bash'], (choices) => {
          expect(choices.map((c) => c.value)).toEqual(['zsh', 'bash']);
          expect(checked(choices)).toEqual(['zsh']);
          expect(choices[0]!.name).toMatch(/~\/\.zshrc\s+\(your shell\)/);
        }),
        confirm(APPLY_PROMPT, true, true),
      ],
    );
    expect(run.code).toBe(0);
    // Intro: what happens and where keys come from.
    expect(run.stderr).toContain('IonQ Quantum Cloud → API Keys');
    expect(run.stderr).toContain('shown only once');
    expect(run.stderr).toMatch(/Nothing changes until you say yes/);
    // What was detected.
    expect(run.stderr).toMatch(/System\s+Linux/);
    expect(run.stderr).toMatch(/Shell\s+zsh \(from \$SHELL\)/);
    expect(run.stderr).toMatch(/CI\s+none/);
    expect(run.stderr).toMatch(/IONQ_API_KEY\s+not set yet/);
    // Verification, then the plan with masked diffs before the question.
    expect(run.stderr).toMatch(/IonQ accepted the key …zq7w: key 'laptop' \(project proj-42\)/);
    expect(run.stderr).toContain('+export IONQ_API_KEY=…zq7w');
    expect(run.stderr.indexOf('+++ ~/.zshrc')).toBeGreaterThan(-1);
    expect(run.stderr.indexOf('+++ ~/.bashrc')).toBeGreaterThan(-1);
    expect(fake.requests).toHaveLength(1);
    // Both files hold the key; the closing words say how to load it now and check it later.
    expect(readFileSync(zshrc(), 'utf8')).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    expect(readFileSync(bashrc(), 'utf8')).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    expect(run.stdout).toContain('To load it into this zsh now: source ~/.zshrc');
    expect(run.stdout).toContain('npx ionq-env-setup status');
  });

  it('shows a key already set in this terminal and in a file, and shadowing variables, all masked; offers them; pre-selects the shell holding a key', async () => {
    const saved = await runInProcess(['--key-stdin', '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(saved.code).toBe(0);
    const run = await wizard(
      [],
      [
        select(KEY_CHOICE, choiceNamed(/saved in ~\/\.bashrc \(…zq7w\)/), undefined, (choices) =>
          expect(choices.map((c) => c.name)).toEqual(['The key this terminal has (…wxyz)', 'The key saved in ~/.bashrc (…zq7w)', 'A new key (paste it)']),
        ),
        checkbox(SHELLS_PROMPT, ['bash'], (choices) => expect(checked(choices)).toEqual(['zsh', 'bash'])),
      ],
      { env: { IONQ_API_KEY: OLD_KEY, QISKIT_IONQ_API_TOKEN: BAD_KEY } },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/IONQ_API_KEY\s+…wxyz set in this terminal/);
    expect(run.stderr).toMatch(/IONQ_API_KEY\s+…zq7w in ~\/\.bashrc \(saved by ionq-env-setup\)/);
    expect(flat(run.stderr)).toMatch(/QISKIT_IONQ_API_TOKEN is set \(…0000\): qiskit-ionq reads it before IONQ_API_KEY/);
    // A key is on the machine: the intro does not send the person off to make one.
    expect(run.stderr).not.toContain('No key yet?');
    // The same key is already in ~/.bashrc: nothing to change, so no confirmation is asked.
    expect(run.stdout).toMatch(/bash\s+~\/\.bashrc\s+unchanged/);
  });

  it('with only the login shell installed, asks no shell question', async () => {
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), confirm(APPLY_PROMPT, true)], { programs: ['zsh'] });
    expect(run.code).toBe(0);
    expect(existsSync(zshrc())).toBe(true);
    expect(existsSync(bashrc())).toBe(false);
  });

  it('flags answer their questions: --shell skips the shell choice, --no-verify skips IonQ, --yes the confirmation', async () => {
    const run = await wizard(['--shell', 'bash', '--no-verify', '--yes'], [secret(KEY_PROMPT, TEST_KEY)]);
    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(readFileSync(bashrc(), 'utf8')).toContain(TEST_KEY);
    expect(existsSync(zshrc())).toBe(false);
  });

  it('a key given by flag is not asked for, and the intro does not tell how to get one', async () => {
    const run = await wizard(['--from-env', 'MY_SECRET'], [checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, true)], { env: { MY_SECRET: TEST_KEY } });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('shown only once');
    expect(readFileSync(zshrc(), 'utf8')).toContain(TEST_KEY);
  });

  it('declining the plan changes nothing and exits 0', async () => {
    const before = snapshotDir(h.home);
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, false)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing was changed.');
    expect(snapshotDir(h.home)).toEqual(before);
  });
});

describe('verification in the guided setup', () => {
  it('a rejected key is explained and asked for again; the next one is saved', async () => {
    const run = await wizard([], [secret(KEY_PROMPT, BAD_KEY), secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/IonQ rejected the key …0000: it is not valid, or it was revoked \(HTTP 401\)/);
    expect(run.stderr).toMatch(/2 tries left/);
    expect(fake.requests.map((r) => r.authorization)).toEqual([`apiKey ${BAD_KEY}`, `apiKey ${TEST_KEY}`]);
    expect(readFileSync(zshrc(), 'utf8')).toContain(TEST_KEY);
  });

  it('three rejected keys end the run with exit 3 and nothing written', async () => {
    const before = snapshotDir(h.home);
    const run = await wizard([], [secret(KEY_PROMPT, BAD_KEY), secret(KEY_PROMPT, BAD_KEY), secret(KEY_PROMPT, BAD_KEY)]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/1 try left/);
    expect(run.stderr).toMatch(/rejected the key …0000.*Nothing was saved/);
    expect(fake.requests).toHaveLength(3);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('a key with a space inside is explained and asked again before IonQ is asked', async () => {
    const run = await wizard([], [secret(KEY_PROMPT, 'ionq TEST half-a-key'), secret(KEY_PROMPT, ''), secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/space or line break inside it/);
    // Enter alone leads to the keys page; without a display (no DISPLAY here) it is printed, not opened.
    expect(flat(run.stderr)).toMatch(/No key was pasted\. Create one on the API Keys page/);
    expect(run.stderr).toContain('\n  https://cloud.ionq.com/settings/keys\n');
    expect(run.stderr).not.toContain('half-a-key');
    expect(fake.requests).toHaveLength(1);
  });

  it('IonQ out of reach: offers to save anyway (default yes) and says the key was not checked', async () => {
    await fake.close();
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), confirm(/Save the key …zq7w anyway, without checking it\?/, true, true), checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    // (Inside jest's module sandbox fetch's error comes from another realm, so the reason may be generic.)
    expect(run.stderr).toMatch(/Could not verify the key …zq7w: (the connection was refused|network error)\./);
    // The same hint `verify` gives: the API address and the variable that changes it.
    expect(flat(run.stderr)).toContain(`that ${fake.url} can be reached (IONQ_API_URL changes it)`);
    expect(run.stdout).toMatch(/saved without being checked.*ionq-env-setup status --verify/);
    expect(readFileSync(zshrc(), 'utf8')).toContain(TEST_KEY);
  });

  it('IonQ out of reach and the offer declined: exit 4, nothing written', async () => {
    await fake.close();
    const before = snapshotDir(h.home);
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), confirm(/anyway/, false)]);
    expect(run.code).toBe(4);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('--verify on the command line makes the check required: no offer, exit 4', async () => {
    await fake.close();
    const run = await wizard(['--verify'], [secret(KEY_PROMPT, TEST_KEY)]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/Could not verify the key/);
  });
});

describe('a different key already set', () => {
  beforeEach(async () => {
    writeFileSync(zshrc(), `alias ll='ls -l'\n\n# >>> ionq-env-setup >>>\n${ABOUT_NOTE}\nexport IONQ_API_KEY='${OLD_KEY}'\n# <<< ionq-env-setup <<<\n`, { mode: 0o600 });
    await fake.close();
    fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' }, [OLD_KEY]: { keyName: 'old', projectId: 'proj-1' } }));
  });

  it('a saved key IonQ now rejects is said to be rejected, and a new one is asked for', async () => {
    await fake.close();
    fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
    const run = await wizard([], [select(KEY_CHOICE, choiceNamed(/saved in ~\/\.zshrc/)), secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/IonQ rejected the key …wxyz/);
    expect(readFileSync(zshrc(), 'utf8')).toContain(TEST_KEY);
  });

  it('offers the saved key first (Enter keeps it): nothing changes', async () => {
    const before = snapshotDir(h.home);
    const run = await wizard([], [select(KEY_CHOICE, choiceNamed(/saved in ~\/\.zshrc \(…wxyz\)/), (value: unknown) => expect(value).toMatchObject({ masked: '…wxyz', where: '~/.zshrc' })), checkbox(SHELLS_PROMPT, ['zsh'])]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/zsh\s+~\/\.zshrc\s+unchanged/);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('a new key chosen there replaces the block in place, shown in the plan; no second question about replacing', async () => {
    const run = await wizard([], [select(KEY_CHOICE, choiceNamed(/A new key/)), secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('-export IONQ_API_KEY=…wxyz');
    expect(run.stderr).toContain('+export IONQ_API_KEY=…zq7w');
    const text = readFileSync(zshrc(), 'utf8');
    expect(text.startsWith("alias ll='ls -l'\n")).toBe(true);
    expect(text).toContain(TEST_KEY);
    expect(text).not.toContain(OLD_KEY);
  });
});

describe('an rc file others can read', () => {
  beforeEach(() => {
    writeFileSync(zshrc(), 'setopt autocd\n');
    chmodSync(zshrc(), 0o644);
  });

  it('is offered chmod 600 (default yes), applied with the key', async () => {
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(/~\/\.zshrc can be read by other users.*mode 644.*chmod 600 ~\/\.zshrc/, true, true), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    expect(statSync(zshrc()).mode & 0o777).toBe(0o600);
    expect(readFileSync(zshrc(), 'utf8')).toContain(TEST_KEY);
    // Answered, so not repeated as a warning at the end.
    expect(run.stderr.match(/can be read by other users/g)).toBeNull();
  });

  it('declined, the mode stays', async () => {
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(/chmod 600/, false), confirm(APPLY_PROMPT, true)]);
    expect(run.code).toBe(0);
    expect(statSync(zshrc()).mode & 0o777).toBe(0o644);
  });

  it('accepted but the plan declined: neither the mode nor the file changes', async () => {
    const before = snapshotDir(h.home);
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh']), confirm(/chmod 600/, true), confirm(APPLY_PROMPT, false)]);
    expect(run.code).toBe(0);
    expect(snapshotDir(h.home)).toEqual(before);
  });
});

describe('cancelling', () => {
  const steps: [string, Step[]][] = [
    ['the key prompt', [secret(KEY_PROMPT, 'cancel')]],
    ['the shell choice', [secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, 'cancel')]],
    ['the confirmation', [secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['zsh', 'bash']), confirm(APPLY_PROMPT, 'cancel')]],
  ];
  it.each(steps)('at %s: exit 130, one short line, nothing changed', async (_where, script) => {
    writeFileSync(zshrc(), 'setopt autocd\n', { mode: 0o600 });
    const before = snapshotDir(h.home);
    const run = await wizard([], script);
    expect(run.code).toBe(130);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('✖ Cancelled. Nothing was changed.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotDir(h.home)).toEqual(before);
  });

  it('Ctrl+C while the key is being checked (SIGINT, no prompt open) cancels the request: exit 130 at once', async () => {
    fake.queue.push({ status: 200, body: '{}', delayMs: 20_000 });
    const before = snapshotDir(h.home);
    const started = Date.now();
    let listening = 0;
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY)], {
      system: {
        onInterrupt: (listener) => {
          listening++;
          // The "user" presses Ctrl+C once the request is on its way.
          const poll = setInterval(() => {
            if (fake.requests.length > 0) {
              clearInterval(poll);
              listener();
            }
          }, 10);
          return () => {
            listening--;
            clearInterval(poll);
          };
        },
      },
    });
    expect(run.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(listening).toBe(0);
    expect(snapshotDir(h.home)).toEqual(before);
  });
});

describe('on Windows', () => {
  function fakeWindows(initial?: string) {
    const state = { value: initial, setx: 0 };
    const run: Runner = async (file, args): Promise<RunResult> => {
      if (file === 'setx') {
        state.setx++;
        state.value = args[1];
        return { exitCode: 0, stdout: 'SUCCESS: Specified value was saved.\r\n', stderr: '' };
      }
      if (file === 'reg' && args[0] === 'query') {
        if (state.value === undefined) return { exitCode: 1, stdout: '', stderr: '' };
        return { exitCode: 0, stdout: `\r\nHKEY_CURRENT_USER\\Environment\r\n    IONQ_API_KEY    REG_SZ    ${state.value}\r\n\r\n`, stderr: '' };
      }
      return { exitCode: 1, stdout: '', stderr: '', spawnError: 'ENOENT' };
    };
    return { state, run };
  }

  it('the same flow with setx, no shell question; the closing words say a new terminal is needed and give the PowerShell line', async () => {
    const win = fakeWindows();
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), confirm(APPLY_PROMPT, true)], { platform: 'win32', run: win.run, env: { SHELL: '' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/System\s+Windows/);
    expect(run.stderr).toMatch(/Saves to\s+your Windows user environment \(setx\)/);
    expect(run.stderr).toContain('setx IONQ_API_KEY …zq7w');
    expect(win.state.value).toBe(TEST_KEY);
    expect(run.stdout).toMatch(/Open a new terminal/);
    expect(run.stdout).toContain("$env:IONQ_API_KEY = [Environment]::GetEnvironmentVariable('IONQ_API_KEY', 'User')");
  });

  it('a different key in the user environment is shown masked and offered; keeping it runs no setx', async () => {
    await fake.close();
    fake = await startFakeIonq(acceptingKeys({ [OLD_KEY]: { keyName: 'old', projectId: 'proj-1' } }));
    const win = fakeWindows(OLD_KEY);
    const run = await wizard([], [select(KEY_CHOICE, choiceNamed(/Windows user environment \(…wxyz\)/))], { platform: 'win32', run: win.run, env: { SHELL: '' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/IONQ_API_KEY\s+…wxyz in the Windows user environment/);
    expect(win.state.setx).toBe(0);
    expect(win.state.value).toBe(OLD_KEY);
  });

  it('a new key replaces the user variable, after the plan shows it', async () => {
    const win = fakeWindows(OLD_KEY);
    const run = await wizard([], [select(KEY_CHOICE, choiceNamed(/A new key/)), secret(KEY_PROMPT, TEST_KEY), confirm(APPLY_PROMPT, true)], { platform: 'win32', run: win.run, env: { SHELL: '' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('setx IONQ_API_KEY …zq7w');
    expect(win.state.value).toBe(TEST_KEY);
  });
});

describe('a shell file in a git repository (dotfiles)', () => {
  const STORE_PROMPT = /Where should the key itself be kept\?/;
  let repo: string;
  beforeEach(() => {
    repo = join(h.home, 'dotfiles');
    mkdirSync(repo);
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, 'zshrc'), '# my zshrc\n');
    symlinkSync(join(repo, 'zshrc'), zshrc());
  });

  it('explains the risk and pre-selects the separate key file; the repository gets only a loader', async () => {
    const run = await wizard(
      [],
      [
        secret(KEY_PROMPT, TEST_KEY),
        select(STORE_PROMPT, 'separate', 'separate', (choices) => expect(choices.map((c) => c.value)).toEqual(['separate', 'inline'])),
        confirm(APPLY_PROMPT, true),
      ],
      { programs: ['zsh'] },
    );
    expect(run.code).toBe(0);
    expect(flat(run.stderr)).toContain('~/.zshrc (in ~/dotfiles) is in a git repository. A key written there is one commit and push away from being public.');
    expect(run.stderr).toContain('~/.config/ionq/env');
    // The plan shows the key file masked.
    expect(run.stderr).toContain('+…zq7w');
    expect(readFileSync(join(repo, 'zshrc'), 'utf8')).not.toContain(TEST_KEY);
    expect(readFileSync(join(h.home, '.config/ionq/env'), 'utf8')).toBe(TEST_KEY + '\n');
  });

  it('choosing inline writes the key there, with the warning naming the repository', async () => {
    const run = await wizard([], [secret(KEY_PROMPT, TEST_KEY), select(STORE_PROMPT, 'inline', 'separate'), confirm(/Make it private \(chmod 600 ~\/\.zshrc\)\?/, false), confirm(APPLY_PROMPT, true)], { programs: ['zsh'] });
    expect(run.code).toBe(0);
    expect(flat(run.stderr)).toContain('~/.zshrc is in the git repository ~/dotfiles: the key is written there as you asked');
    expect(readFileSync(join(repo, 'zshrc'), 'utf8')).toContain(TEST_KEY);
  });

  it('--store answers the question; a file outside any repository is never asked about', async () => {
    const flagged = await wizard(['--store', 'separate'], [secret(KEY_PROMPT, TEST_KEY), confirm(APPLY_PROMPT, true)], { programs: ['zsh'] });
    expect(flagged.code).toBe(0);
    // The key file now holds the key, so it is offered (Enter takes it).
    const outside = await wizard(['--shell', 'bash'], [select(KEY_CHOICE, choiceNamed(/saved in ~\/\.config\/ionq\/env \(…zq7w\)/)), confirm(APPLY_PROMPT, true)], { programs: ['zsh'] });
    expect(outside.code).toBe(0);
    // Outside a repository the default stays inline (the key file, already there, holds the same key).
    expect(readFileSync(bashrc(), 'utf8')).toContain(`export IONQ_API_KEY='${TEST_KEY}'`);
    expect(readFileSync(join(h.home, '.config/ionq/env'), 'utf8')).toBe(TEST_KEY + '\n');
  });

  it('what is here shows a key kept in the key file, masked, and pre-selects the shell that loads it', async () => {
    const saved = await runInProcess(['--key-stdin', '--shell', 'bash', '--store', 'separate'], { env: h.env, stdin: OLD_KEY, secrets: [OLD_KEY] });
    expect(saved.code).toBe(0);
    const run = await wizard(
      ['--store', 'separate', '--force'],
      [select(KEY_CHOICE, choiceNamed(/A new key/)), secret(KEY_PROMPT, TEST_KEY), checkbox(SHELLS_PROMPT, ['bash'], (choices) => expect(checked(choices)).toEqual(['zsh', 'bash'])), confirm(APPLY_PROMPT, true)],
    );
    expect(run.code).toBe(0);
    // The key is where the block loads it from: the key file.
    expect(run.stderr).toMatch(/IONQ_API_KEY\s+…wxyz in ~\/\.config\/ionq\/env \(saved by ionq-env-setup\)/);
    expect(readFileSync(join(h.home, '.config/ionq/env'), 'utf8')).toBe(TEST_KEY + '\n');
  });
});
