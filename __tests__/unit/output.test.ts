// writesDirectly (src/output.ts): which kinds of standard output are written with write(2) on the
// descriptor and which get Node's stream. Fed with the stats of real files of each kind.
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writesDirectly } from '../../src/output';

let dir: string;
let server: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ionq-output-'));
});
afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** fstat of `path` opened with `flags`: what the CLI sees on fd 1 when its output goes there. */
function fstatOf(path: string, flags: string): Stats {
  const fd = openSync(path, flags);
  try {
    return fstatSync(fd);
  } finally {
    closeSync(fd);
  }
}

const linux = process.platform === 'win32' ? it.skip : it;
const devNull = process.platform === 'win32' ? undefined : statSync('/dev/null');

describe('writesDirectly', () => {
  linux('a pipe (FIFO): directly', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Opened read-write, so the open does not wait for a reader (Linux).
    const st = fstatOf(fifo, 'r+');
    expect(st.isFIFO()).toBe(true);
    expect(writesDirectly('linux', st, devNull)).toBe(true);
    expect(writesDirectly('darwin', st, devNull)).toBe(true);
  });

  linux('a regular file: directly', () => {
    const file = join(dir, 'out.txt');
    writeFileSync(file, '');
    const st = fstatOf(file, 'a');
    expect(st.isFile()).toBe(true);
    expect(writesDirectly('linux', st, devNull)).toBe(true);
  });

  linux('a socket: directly', async () => {
    const path = join(dir, 'sock');
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(path, resolve));
    const st = statSync(path);
    expect(st.isSocket()).toBe(true);
    expect(writesDirectly('linux', st, devNull)).toBe(true);
  });

  linux('/dev/null: directly (a character device, but the one that is /dev/null)', () => {
    const st = fstatOf('/dev/null', 'w');
    expect(st.isCharacterDevice()).toBe(true);
    expect(writesDirectly('linux', st, devNull)).toBe(true);
  });

  linux('/dev/null when /dev/null itself could not be examined: the stream (it cannot be told from a terminal)', () => {
    expect(writesDirectly('linux', fstatOf('/dev/null', 'w'), undefined)).toBe(false);
  });

  linux('any other character device (a terminal, /dev/zero): the stream', () => {
    const others = ['/dev/zero', '/dev/tty'].filter((path) => {
      try {
        statSync(path);
        return true;
      } catch {
        return false;
      }
    });
    expect(others).toContain('/dev/zero');
    for (const path of others) {
      const st = statSync(path);
      expect(st.isCharacterDevice()).toBe(true);
      expect(st.rdev).not.toBe(devNull!.rdev);
      expect({ path, direct: writesDirectly('linux', st, devNull) }).toEqual({ path, direct: false });
    }
  });

  linux('a directory (no output goes there; nothing to write to directly): the stream', () => {
    expect(writesDirectly('linux', statSync(dir), devNull)).toBe(false);
  });

  it('no stat (fstat failed): the stream', () => {
    expect(writesDirectly('linux', undefined, devNull)).toBe(false);
  });

  linux('Windows: always the stream, even for a pipe or a file', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const file = join(dir, 'out.txt');
    writeFileSync(file, '');
    expect(writesDirectly('win32', fstatOf(fifo, 'r+'), devNull)).toBe(false);
    expect(writesDirectly('win32', fstatOf(file, 'a'), devNull)).toBe(false);
  });
});
