// Standard output that is not a terminal, as the built CLI meets it (src/output.ts writes to such
// descriptors with write(2) instead of Node's streams): a reader that has gone (EPIPE), a non-blocking
// pipe that is full (EAGAIN: the rest goes through Node's stream, which waits), a regular file, /dev/null.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, NODE_UNDER_TEST, runBuilt, type CliRun } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { requireProgram } from '../helpers/shells';

const SET = ['set', '--key-stdin', '--no-verify', '--shell', 'bash'];

let homes: TempHome[];
let scratch: string;
beforeEach(() => {
  homes = [];
  scratch = mkdtempSync(join(tmpdir(), 'ionq-out-'));
});
afterEach(async () => {
  for (const h of homes) await h.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

async function newHome(): Promise<TempHome> {
  const h = await makeTempHome();
  homes.push(h);
  return h;
}

/** The rc file holds the block with the test key that set was given. */
function expectNewBlock(h: TempHome): void {
  const rc = readFileSync(join(h.home, '.bashrc'), 'utf8');
  expect(rc).toMatch(new RegExp(`^# >>> ionq-env-setup >>>\n[^]*^export IONQ_API_KEY='${TEST_KEY}'\n# <<< ionq-env-setup <<<\n`, 'm'));
}

/** What a plain run prints to a pipe that is read to the end (the reference output). */
async function pipedOutput(argv: readonly string[], input = `${TEST_KEY}\n`): Promise<CliRun> {
  const h = await newHome();
  return runBuilt(argv, { env: h.env, input, secrets: [TEST_KEY] });
}

interface RawRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Starts `program args` with standard output `stdout` (a descriptor, 'pipe', 'ignore'); `onSpawn` may
 * act on the child at once (close its stdout). Collects what can be collected; checks for the key.
 */
function runRaw(program: string, args: readonly string[], options: { env: Record<string, string>; input?: string; stdout: 'pipe' | number; onSpawn?: (child: ReturnType<typeof spawn>) => void }): Promise<RawRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: options.env, cwd: options.env.HOME, stdio: ['pipe', options.stdout, 'pipe'] });
    options.onSpawn?.(child);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stdout?.on('error', () => undefined);
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      try {
        expectNoKey(stdout.toString('utf8'), TEST_KEY, 'stdout');
        expectNoKey(stderr, TEST_KEY, 'stderr');
      } catch (error) {
        reject(error);
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin!.end(options.input ?? '');
  });
}

const hasPerl = requireProgram('perl');
const withPerl = hasPerl ? it : it.skip;

// Runs a program with standard output a pipe whose reading end is already closed (a real pipe: Node's own
// spawn gives a child a socket instead).
const CLOSED_PIPE = `
pipe(my $r, my $w) or die "pipe: $!";
close $r;
open(STDOUT, '>&', $w) or die "dup: $!";
close $w;
exec(@ARGV) or die "exec: $!";
`;

// Makes a pipe, sets O_NONBLOCK on its writing end and fills it until EAGAIN, then starts the command with
// that end as standard output. Waits until the command has done its work (the file $done exists) and a
// little longer, so its output meets the full pipe; then reads everything to its own standard output and
// exits with the command's exit code. Writes how many filler bytes went in first to $report.
const FULL_NONBLOCKING_PIPE = `
use Fcntl;
my ($done, $report, @cmd) = @ARGV;
pipe(my $r, my $w) or die "pipe: $!";
my $flags = fcntl($w, F_GETFL, 0) or die "getfl: $!";
fcntl($w, F_SETFL, $flags | O_NONBLOCK) or die "setfl: $!";
my $filled = 0;
for my $size (4096, 1) {
  while (1) {
    my $n = syswrite($w, 'x' x $size);
    if (!defined $n) { die "write: $!" unless $!{EAGAIN}; last }
    $filled += $n;
  }
}
my $pid = fork() // die "fork: $!";
if (!$pid) { close $r; open(STDOUT, '>&', $w) or die "dup: $!"; close $w; exec(@cmd) or die "exec: $!"; }
close $w;
for (1 .. 400) { last if -e $done; select(undef, undef, undef, 0.025) }
select(undef, undef, undef, 0.3);
binmode STDOUT;
my $buf;
while (sysread($r, $buf, 65536)) { syswrite(STDOUT, $buf) }
waitpid($pid, 0);
open(my $rep, '>', $report) or die "report: $!";
print $rep "$filled\\n";
close $rep;
exit($? >> 8);
`;

describe('a reader that has gone (EPIPE)', () => {
  it('set with its stdout (a socket) closed before it writes: the rc file is written and the exit code is 0', async () => {
    const h = await newHome();
    const run = await runRaw(NODE_UNDER_TEST, [BUILT_CLI, ...SET], { env: h.env, input: `${TEST_KEY}\n`, stdout: 'pipe', onSpawn: (child) => child.stdout!.destroy() });
    expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expectNewBlock(h);
  });

  withPerl('set and status writing into a pipe nobody reads: work done, exit 0, nothing on stderr', async () => {
    const h = await newHome();
    const set = await runRaw('perl', ['-e', CLOSED_PIPE, NODE_UNDER_TEST, BUILT_CLI, ...SET], { env: h.env, input: `${TEST_KEY}\n`, stdout: 'pipe' });
    expect({ code: set.code, signal: set.signal, stderr: set.stderr, stdout: set.stdout.length }).toEqual({ code: 0, signal: null, stderr: '', stdout: 0 });
    expectNewBlock(h);

    const status = await runRaw('perl', ['-e', CLOSED_PIPE, NODE_UNDER_TEST, BUILT_CLI, 'status'], { env: h.env, stdout: 'pipe' });
    expect({ code: status.code, signal: status.signal, stderr: status.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  });
});

describe('a non-blocking pipe that is full when the CLI writes (EAGAIN)', () => {
  withPerl('the output waits for the reader and arrives whole, in order, after what was in the pipe; exit 0', async () => {
    const expected = await pipedOutput(SET);
    expect(expected.code).toBe(0);
    const h = await newHome();
    const report = join(scratch, 'filled');
    const run = await runRaw('perl', ['-e', FULL_NONBLOCKING_PIPE, join(h.home, '.bashrc'), report, NODE_UNDER_TEST, BUILT_CLI, ...SET], { env: h.env, input: `${TEST_KEY}\n`, stdout: 'pipe' });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const filled = Number(readFileSync(report, 'utf8'));
    expect(filled).toBeGreaterThan(0);
    expect(run.stdout.subarray(0, filled).equals(Buffer.alloc(filled, 'x'))).toBe(true);
    expect(run.stdout.subarray(filled).toString('utf8')).toBe(expected.stdout);
  });
});

describe('a regular file and /dev/null', () => {
  it('> file: the file holds exactly what a pipe gets', async () => {
    const expected = await pipedOutput(SET);
    const h = await newHome();
    const file = join(scratch, 'out.txt');
    const fd = openSync(file, 'w');
    try {
      const run = await runRaw(NODE_UNDER_TEST, [BUILT_CLI, ...SET], { env: h.env, input: `${TEST_KEY}\n`, stdout: fd });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(expected.stdout);
    expect(expected.stdout).toContain('…zq7w');
  });

  it('>> file: appended after what the file held', async () => {
    const expected = await pipedOutput(['status']);
    const h = await newHome();
    const file = join(scratch, 'log.txt');
    writeFileSync(file, 'earlier line\n');
    const fd = openSync(file, 'a');
    try {
      const run = await runRaw(NODE_UNDER_TEST, [BUILT_CLI, 'status'], { env: h.env, stdout: fd });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: expected.code, stderr: expected.stderr });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(`earlier line\n${expected.stdout}`);
    expect(expected.stdout.length).toBeGreaterThan(0);
  });

  it('> /dev/null: the work is done and the exit code is 0', async () => {
    const h = await newHome();
    const fd = openSync('/dev/null', 'w');
    try {
      const run = await runRaw(NODE_UNDER_TEST, [BUILT_CLI, ...SET], { env: h.env, input: `${TEST_KEY}\n`, stdout: fd });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      closeSync(fd);
    }
    expectNewBlock(h);
  });
});
