// The key must never be printed. These helpers look for it — and for long pieces of it — in captured text.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every 8-character window of the key (its masked form shows only the last 4). */
function fragments(key: string): string[] {
  const chars = Array.from(key);
  if (chars.length < 8) return [key];
  const out: string[] = [];
  for (let i = 0; i + 8 <= chars.length; i++) out.push(chars.slice(i, i + 8).join(''));
  return out;
}

/** Throws if `text` holds the key, its JSON-escaped form, or any 8-character piece of it. */
export function expectNoKey(text: string, key: string, where = 'output'): void {
  if (key.length === 0) return;
  const forms = [key, JSON.stringify(key).slice(1, -1)];
  for (const form of forms) {
    if (text.includes(form)) throw new Error(`The key appeared in ${where}.`);
  }
  for (const piece of fragments(key)) {
    if (text.includes(piece)) throw new Error(`An 8-character piece of the key appeared in ${where}.`);
  }
}

/** Every regular file under `dir`, recursively (symlinks not followed). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** Throws, naming the file, if any file under `dir` holds the key's bytes (a store that keeps it out of files). */
export function expectNoFileHolds(dir: string, key: string): void {
  const bytes = Buffer.from(key, 'utf8');
  for (const file of filesUnder(dir)) {
    if (readFileSync(file).includes(bytes)) throw new Error(`${file} holds the key`);
  }
}

/**
 * Runs `file args` under `strace -f` and returns the execve/execveat lines of it and every process it started,
 * each with its whole argv (-s 65535: no string cut short), for expectNoKey. Asynchronous, so that a fake
 * server in this process keeps answering while it runs.
 */
export async function execsUnderStrace(
  file: string,
  args: readonly string[],
  options: { env: Record<string, string>; input?: string },
): Promise<{ execs: string; stdout: string; stderr: string; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'ionq-trace-'));
  const trace = join(dir, 'trace');
  try {
    const result = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
      const child = spawn('strace', ['-f', '-qq', '-e', 'trace=execve,execveat', '-s', '65535', '-o', trace, file, ...args], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ stdout, stderr, code }));
      child.stdin.end(options.input ?? '');
    });
    const execs = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('execve'))
      .join('\n');
    return { execs, ...result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
