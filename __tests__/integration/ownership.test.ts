// root running the tool on a user's home (sudo -E, a provisioning script): the user's files must stay the
// user's. Runs in-process (root is this process), so the write path is the one Stryker mutates.
import { chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { isRoot, nobody } from '../helpers/privileges';

const user = nobody();
const asRoot = isRoot() && user ? it : it.skip;
if (!isRoot()) {
  console.warn('SKIPPED: the ownership tests need root (they check that root keeps a user\'s files the user\'s).');
}

let h: TempHome;
beforeEach(async () => {
  h = await makeTempHome();
});
afterEach(() => h.cleanup());

const owner = (path: string) => {
  const st = statSync(path);
  return { uid: st.uid, gid: st.gid, mode: st.mode & 0o777 };
};

describe("root editing a user's startup file", () => {
  asRoot('set and remove keep the file owned by its user, with its mode', async () => {
    const rc = join(h.home, '.bashrc');
    writeFileSync(rc, 'alias ll="ls -l"\n', { mode: 0o640 });
    chownSync(rc, user!.uid, user!.gid);
    const set = await runInProcess(['--key-stdin', '--shell', 'bash'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(set.code).toBe(0);
    expect(readFileSync(rc, 'utf8')).toContain('IONQ_API_KEY');
    expect(owner(rc)).toEqual({ uid: user!.uid, gid: user!.gid, mode: 0o640 });
    const removed = await runInProcess(['remove', '--yes', '--shell', 'bash'], { env: h.env, secrets: [TEST_KEY] });
    expect(removed.code).toBe(0);
    expect(readFileSync(rc, 'utf8')).toBe('alias ll="ls -l"\n');
    expect(owner(rc)).toEqual({ uid: user!.uid, gid: user!.gid, mode: 0o640 });
  });

  asRoot("a file root owns stays root's", async () => {
    const rc = join(h.home, '.zshrc');
    writeFileSync(rc, 'setopt autocd\n', { mode: 0o644 });
    const set = await runInProcess(['--key-stdin', '--shell', 'zsh'], { env: h.env, stdin: TEST_KEY, secrets: [TEST_KEY] });
    expect(set.code).toBe(0);
    expect(owner(rc)).toEqual({ uid: 0, gid: 0, mode: 0o644 });
  });
});
