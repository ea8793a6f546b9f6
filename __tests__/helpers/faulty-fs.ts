// A FileSystem (src/platform/system.ts) that is fs-extra — the real one — except for the calls a test
// chooses to fail with an errno code (a full disk, no permission, a race), so the file-safety layer's error
// paths run in-process. Every call is recorded with the path it touched (for a file descriptor, the path it
// was opened with), so a test can also check the order of the durable steps.
import fse from 'fs-extra';
import type { FileSystem } from '../../src/platform/system';

export type FsOp = keyof FileSystem;

export interface Fault {
  op: FsOp;
  code: string;
  /** Which paths fail (default: every path); a file descriptor counts as the path it was opened with. */
  path?: RegExp | ((path: string) => boolean);
  /** Fail only this many times (default: every time). */
  times?: number;
}

interface FsCall {
  op: FsOp;
  path: string;
}

export interface FaultyFs extends FileSystem {
  calls: FsCall[];
  /** Adds a fault (they are checked in order; the first that matches fails the call). */
  fail(fault: Fault): FaultyFs;
  /** Runs before each call goes to the real file system (e.g. to look at a temp file before its rename). */
  before?: (call: FsCall) => void;
  /** The paths of the file descriptors opened through it and not closed yet. */
  openFiles(): string[];
}

/** An Error like Node's system errors: `code` is what the tool looks at. */
export function errnoError(code: string, syscall = 'open', path = ''): NodeJS.ErrnoException {
  const error = new Error(`${code}: simulated failure, ${syscall} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

const OPS: readonly FsOp[] = [
  'readFile', 'writeFile', 'open', 'close', 'write', 'read', 'fstat', 'fsync', 'ftruncate', 'fchown', 'rename',
  'lstat', 'stat', 'realpath', 'mkdir', 'unlink', 'readdir', 'chmod', 'access', 'remove', 'rmdir',
];

export function faultyFs(faults: Fault[] = []): FaultyFs {
  const pending = faults.map((f) => ({ ...f, left: f.times ?? Infinity }));
  const fdPaths = new Map<number, string>();
  const real = fse as unknown as Record<FsOp, (...args: unknown[]) => Promise<unknown>>;
  const out = { calls: [] as FsCall[] } as FaultyFs;
  out.openFiles = () => [...fdPaths.values()];
  out.fail = (fault) => {
    pending.push({ ...fault, left: fault.times ?? Infinity });
    return out;
  };
  for (const op of OPS) {
    (out as unknown as Record<FsOp, unknown>)[op] = async (...args: unknown[]) => {
      const first = args[0];
      const path = typeof first === 'number' ? fdPaths.get(first) ?? `fd:${first}` : String(first);
      const call = { op, path };
      out.calls.push(call);
      out.before?.(call);
      const fault = pending.find(
        (f) => f.op === op && f.left > 0 && (f.path === undefined || (typeof f.path === 'function' ? f.path(path) : f.path.test(path))),
      );
      if (fault) {
        fault.left--;
        // A failing close still releases the descriptor (POSIX), as with NFS reporting a full disk there.
        if (op === 'close') {
          fdPaths.delete(first as number);
          await real.close(first);
        }
        throw errnoError(fault.code, op, path);
      }
      const result = await real[op](...args);
      if (op === 'open') fdPaths.set(result as number, path);
      if (op === 'close') fdPaths.delete(first as number);
      return result;
    };
  }
  return out;
}

/** The calls made with `op`, as their paths. */
export const callsOf = (fs: FaultyFs, op: FsOp): string[] => fs.calls.filter((c) => c.op === op).map((c) => c.path);
