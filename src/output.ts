// Standard output and error without building process.stdout/process.stderr when they are not terminals.
// Node builds those streams on first use, and building one (the stream classes it pulls in) costs a plain
// run about as much as all of its own work. Text for a pipe, a file or /dev/null is written straight to
// the file descriptor; a terminal (or anything this cannot tell apart from one) gets Node's stream, which
// knows its width and is what the prompts use.
import { fstatSync, statSync, writeSync, type Stats } from 'node:fs';

export interface Output {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  write(text: string): void;
}

/** What an output descriptor is, decided from its file type alone (pure, for tests). */
export function writesDirectly(platform: NodeJS.Platform, st: Pick<Stats, 'isFIFO' | 'isFile' | 'isSocket' | 'isCharacterDevice' | 'rdev'> | undefined, devNull: Pick<Stats, 'rdev'> | undefined): boolean {
  // Windows consoles and pipes behave differently enough that Node's streams stay in charge there.
  if (platform === 'win32' || st === undefined) return false;
  if (st.isFIFO() || st.isFile() || st.isSocket()) return true;
  // A character device is a terminal, except /dev/null (where benchmarks and `>/dev/null` send output).
  return st.isCharacterDevice() && devNull !== undefined && st.rdev === devNull.rdev;
}

/** The Node streams output went through (a terminal, or after EAGAIN), to know when all of it is out. */
const streamsUsed = new Set<NodeJS.WriteStream>();

/** True when nothing written through an Output is still waiting in a stream's buffer. */
export function allOutputWritten(): boolean {
  for (const stream of streamsUsed) if (stream.writableLength > 0) return false;
  return true;
}

export function outputFor(fd: 1 | 2, streamOf: () => NodeJS.WriteStream): Output {
  const stream = (): NodeJS.WriteStream => {
    const built = streamOf();
    streamsUsed.add(built);
    return built;
  };
  let direct: boolean | undefined;
  const isDirect = (): boolean => {
    if (direct === undefined) {
      const st = statOrUndefined(() => fstatSync(fd));
      // /dev/null is looked up only for a character device: a pipe or a file is settled by its type.
      direct = writesDirectly(process.platform, st, st?.isCharacterDevice() ? devNull() : undefined);
    }
    return direct;
  };
  return {
    get isTTY() {
      return !isDirect() && Boolean(stream().isTTY);
    },
    get columns() {
      return isDirect() ? undefined : stream().columns;
    },
    write(text) {
      if (!isDirect()) {
        stream().write(text);
        return;
      }
      const rest = writeAllOrRest(fd, Buffer.from(text, 'utf8'));
      if (rest !== undefined) {
        // A non-blocking pipe that is full (another process set O_NONBLOCK on it): the stream knows how to
        // wait for it, and everything after goes through the stream too, so nothing is reordered.
        direct = false;
        stream().write(rest);
      }
    },
  };
}

/** Writes all of `bytes`; returns what is left if the descriptor would block (EAGAIN). */
function writeAllOrRest(fd: number, bytes: Buffer): Buffer | undefined {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EAGAIN') return bytes.subarray(offset);
      // The reader has gone (`… | head -1`): there is no one left to tell, and the command's work on disk
      // must not be cut short by it.
      if (code === 'EPIPE') return undefined;
      throw error;
    }
  }
  return undefined;
}

let devNullLookup: { stat: Stats | undefined } | undefined;
/** /dev/null's stat, looked up once for stdout and stderr together (undefined where there is none). */
const devNull = (): Stats | undefined => (devNullLookup ??= { stat: statOrUndefined(() => statSync('/dev/null')) }).stat;

function statOrUndefined(stat: () => Stats): Stats | undefined {
  try {
    return stat();
  } catch {
    return undefined;
  }
}
