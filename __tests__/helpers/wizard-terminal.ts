// What every guided-setup test in a pseudo-terminal starts from: a temp home, a real HTTP server on
// 127.0.0.1 as IonQ that knows TEST_KEY, and at most one terminal, killed after each test.
import { afterEach, beforeEach } from '@jest/globals';
import { spawnBuiltInPty, type PtyOptions, type PtySession } from './pty';
import { makeTempHome, type TempHome } from './home';
import { TEST_KEY } from './keys';
import { acceptingKeys, startFakeIonq, type FakeIonq } from './fake-ionq';

export interface WizardTerminal {
  readonly home: TempHome;
  readonly fake: FakeIonq;
  /** Starts the built CLI in a terminal whose login shell is `shell`, talking to the fake IonQ. */
  start(argv?: string[], env?: Record<string, string>, options?: Omit<PtyOptions, 'env'>): PtySession;
}

/** Registers the set-up and clean-up hooks for the enclosing describe block (or file). */
export function useWizardTerminal(shell: string): WizardTerminal {
  let home: TempHome | undefined;
  let fake: FakeIonq | undefined;
  let session: PtySession | undefined;
  beforeEach(async () => {
    home = await makeTempHome();
    fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
  });
  afterEach(async () => {
    session?.kill();
    session = undefined;
    await fake?.close();
    await home?.cleanup();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useWizardTerminal: used outside a test');
    return value;
  };
  return {
    get home() {
      return ready(home);
    },
    get fake() {
      return ready(fake);
    },
    start(argv = [], env = {}, options = {}) {
      session = spawnBuiltInPty(argv, { env: { ...ready(home).env, TERM: 'xterm-256color', SHELL: shell, IONQ_API_URL: ready(fake).url, ...env }, ...options });
      return session;
    },
  };
}
