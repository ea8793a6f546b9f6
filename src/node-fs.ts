// The file operations the tool uses, with promise results, made with node:fs' synchronous functions.
// Why not node:fs/promises: loading it pulls in streams, readline and the file watchers, which cost a plain
// run more than all of its own file work. Why synchronous calls: each asynchronous one is a round trip
// through libuv's thread pool (measured here at ~0.1 ms each, dozens per run), and this program has
// nothing else to do while a file operation runs: it reads and writes a handful of small files, one after
// another. The promise results keep callers independent of that choice (tests may pass node:fs/promises).
import {
  accessSync,
  chmodSync,
  closeSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';

/** The part of an open file the tool uses (shaped like node:fs/promises' FileHandle). */
export interface FileHandle {
  readonly fd: number;
  stat(): Promise<Stats>;
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number; buffer: Buffer }>;
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number; buffer: Buffer }>;
  /** Writes all of `data` from the current position. */
  writeFile(data: string | Buffer): Promise<void>;
  truncate(length: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file operations the tool uses (shaped like node:fs/promises, plus lstatIfExists). */
export interface FileSystem {
  readFile(path: string): Promise<Buffer>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  open(path: string, flags: string | number, mode?: number): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  lstat(path: string): Promise<Stats>;
  /** lstat, with undefined for a path that does not exist (much cheaper than a thrown ENOENT). */
  lstatIfExists(path: string): Promise<Stats | undefined>;
  stat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<string | undefined>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  chmod(path: string, mode: number): Promise<void>;
  access(path: string, mode?: number): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  rmdir(path: string): Promise<void>;
}

/** The outcome of a synchronous call as a settled promise (a thrown error becomes a rejection). */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}

function handleOf(fd: number): FileHandle {
  const writeAll = (bytes: Buffer): void => {
    // write(2) may take less than asked (a signal, a full disk): carry on until all of it is written.
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  };
  return {
    fd,
    stat: () => settled(() => fstatSync(fd)),
    read: (buffer, offset, length, position) => settled(() => ({ bytesRead: readSync(fd, buffer, offset, length, position), buffer })),
    write: (buffer, offset, length) => settled(() => ({ bytesWritten: writeSync(fd, buffer, offset, length), buffer })),
    writeFile: (data) => settled(() => writeAll(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)),
    truncate: (length) => settled(() => ftruncateSync(fd, length)),
    chown: (uid, gid) => settled(() => fchownSync(fd, uid, gid)),
    sync: () => settled(() => fsyncSync(fd)),
    close: () => settled(() => closeSync(fd)),
  };
}

function readFile(path: string): Promise<Buffer>;
function readFile(path: string, encoding: 'utf8'): Promise<string>;
function readFile(path: string, encoding?: 'utf8'): Promise<Buffer | string> {
  return settled(() => (encoding ? readFileSync(path, encoding) : readFileSync(path)));
}

export const nodeFileSystem: FileSystem = {
  readFile,
  open: (path, flags, mode) => settled(() => handleOf(openSync(path, flags, mode))),
  rename: (from, to) => settled(() => renameSync(from, to)),
  lstat: (path) => settled(() => lstatSync(path)),
  // Most paths the tool looks at do not exist (startup files of other shells, .git folders above a file);
  // an error with its stack trace for each costs more than the look itself.
  lstatIfExists: (path) => settled(() => lstatSync(path, { throwIfNoEntry: false })),
  stat: (path) => settled(() => statSync(path)),
  // realpath(3) itself, as node:fs/promises uses (plain realpathSync walks the path in JavaScript).
  realpath: (path) => settled(() => realpathSync.native(path)),
  mkdir: (path, options) => settled(() => mkdirSync(path, options ?? {})),
  unlink: (path) => settled(() => unlinkSync(path)),
  readdir: (path) => settled(() => readdirSync(path)),
  chmod: (path, mode) => settled(() => chmodSync(path, mode)),
  access: (path, mode) => settled(() => accessSync(path, mode)),
  rm: (path, options) => settled(() => rmSync(path, options ?? {})),
  rmdir: (path) => settled(() => rmdirSync(path)),
};
