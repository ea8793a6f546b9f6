// The key's item in the OS keychain (--store keychain): read, probed, written and deleted by running the
// platform's tool (secret-tool on Linux, /usr/bin/security on macOS) with the command lines of
// targets/shell/keychain.ts. The key goes to the tool on stdin, never in argv, and every write is read back.
import { join } from 'node:path';
import type { System } from '../platform/system';
import type { KeychainChange } from '../core/plan';
import type { EditStatus } from '../rcfile/block';
import { failure, usageError } from '../platform/errors';
import { maskKey } from '../key/mask';
import {
  firstLine,
  keychainDeleteCommand,
  keychainKeyProblem,
  keychainProbeCommand,
  keychainProbeResult,
  keychainStoreCommand,
  KEYCHAIN_SERVICE,
  type KeychainCommand,
  type KeychainPlatform,
  keychainReadResult,
  keychainSearchCommand,
  type KeychainProbe,
  type KeychainRead,
} from './shell/keychain';

/** The keychain of this platform, or the reason there is none a shell could read from (exit 2). */
export function keychainPlatform(platform: NodeJS.Platform): KeychainPlatform {
  if (platform === 'linux' || platform === 'darwin') return platform;
  if (platform === 'win32') {
    throw usageError(
      'KEYCHAIN_NOT_ON_WINDOWS',
      '--store keychain is not available on Windows: programs there take their environment from the registry, not from Credential Manager, so a key kept there would reach no program.',
      'Use the default (the user environment, written with setx), or --target shell --store separate for shells such as Git Bash. See docs/security.md.',
    );
  }
  return 'linux';
}

/** How long the tool waits for the keychain (an unlock dialog may be up: the person can answer it). */
const RUN_TIMEOUT_MS = 60_000;

const runCommand = (sys: System, cmd: KeychainCommand) => sys.run(cmd.file, cmd.args, { timeoutMs: RUN_TIMEOUT_MS, ...(cmd.input === undefined ? {} : { input: cmd.input }) });

/**
 * Why the Secret Service cannot be reached at all on Linux (no session bus), or undefined. Checked before
 * secret-tool runs: without a bus address it tries to start one through X11 (creating ~/.cache on the way),
 * which can only fail where there is no desktop session.
 */
async function noSessionBus(sys: System, platform: KeychainPlatform): Promise<string | undefined> {
  if (platform !== 'linux' || sys.env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const runtime = sys.env.XDG_RUNTIME_DIR;
  if (runtime && (await sys.fs.stat(join(runtime, 'bus')).then(() => true, () => false))) return undefined;
  return 'there is no D-Bus session bus here (DBUS_SESSION_BUS_ADDRESS is not set): an SSH login or a container without a desktop session has no keyring.';
}

/** Whether a keychain works here now: tried (a search that reads no secret), not assumed. */
export async function probeKeychain(sys: System, platform: KeychainPlatform): Promise<KeychainProbe> {
  const noBus = await noSessionBus(sys, platform);
  if (noBus) return { usable: false, reason: noBus };
  const result = await runCommand(sys, keychainProbeCommand(platform));
  return keychainProbeResult(platform, { missing: result.spawnError === 'ENOENT', code: result.spawnError ? null : result.exitCode, stderr: result.stderr });
}

/** Reads the item, never asking to unlock (a locked keyring is "unreadable", not "no item"). */
export async function readKeychain(sys: System, platform: KeychainPlatform): Promise<KeychainRead> {
  const noBus = await noSessionBus(sys, platform);
  if (noBus) return { kind: 'unreadable', reason: noBus };
  const result = await runCommand(sys, keychainSearchCommand(platform));
  if (result.spawnError && result.spawnError !== 'ENOENT') return { kind: 'unreadable', reason: `the keychain did not answer (${result.spawnError})` };
  return keychainReadResult(platform, { missing: result.spawnError === 'ENOENT', code: result.exitCode, stdout: result.stdout, stderr: result.stderr });
}

/** Plans putting `key` into the item; refuses (exit 2) a key this platform's keychain cannot hold exactly. */
export function planKeychainSet(platform: KeychainPlatform, current: string | undefined, key: string): KeychainChange {
  const problem = keychainKeyProblem(platform, key);
  if (problem !== undefined) throw usageError('KEYCHAIN_KEY', problem);
  const status: EditStatus = current === key ? 'unchanged' : current === undefined ? 'created' : 'updated';
  return { kind: 'keychain', target: 'keychain', platform, status, current, desired: key };
}

export function planKeychainDelete(platform: KeychainPlatform, current: string | undefined): KeychainChange {
  return { kind: 'keychain', target: 'keychain', platform, status: current === undefined ? 'unchanged' : 'removed', current, desired: undefined };
}

/** Writes (or deletes) the item, then reads it back; a mismatch is a failure, with the old value put back. */
export async function applyKeychainChange(sys: System, change: KeychainChange): Promise<{ undo: () => Promise<void> }> {
  await writeItem(sys, change.platform, change.desired);
  const after = await readKeychain(sys, change.platform);
  const stored = after.kind === 'key' ? after.key : undefined;
  if (stored !== change.desired) {
    await writeItem(sys, change.platform, change.current).catch(() => undefined);
    const what = after.kind === 'unreadable' ? `it could not be read back (${after.reason})` : stored === undefined ? 'it holds no key' : `it holds another value (${maskKey(stored)})`;
    throw failure('KEYCHAIN_NOT_STORED', `The keychain item ${KEYCHAIN_SERVICE} was written, but ${what}.`, 'Check that the keychain is unlocked, then run this again (or use --store separate).');
  }
  return { undo: () => writeItem(sys, change.platform, change.current) };
}

async function writeItem(sys: System, platform: KeychainPlatform, key: string | undefined): Promise<void> {
  const cmd = key === undefined ? keychainDeleteCommand(platform) : keychainStoreCommand(platform, key);
  const result = await runCommand(sys, cmd);
  const nothingToDelete = key === undefined && ((platform === 'linux' && result.exitCode === 1 && result.stderr.trim() === '') || (platform === 'darwin' && result.exitCode === 44));
  if (result.spawnError || (result.exitCode !== 0 && !nothingToDelete)) {
    // The tool's own words (never the key: it went on stdin, and neither tool echoes it).
    const first = firstLine(result.stderr);
    const why = result.spawnError ? `could not start ${cmd.file}: ${result.spawnError}` : first ?? `exit status ${result.exitCode}`;
    throw failure('KEYCHAIN_FAILED', `Could not ${key === undefined ? 'delete the key from' : 'save the key in'} the keychain (${why}).`, 'Check that the keychain is unlocked (or use --store separate).');
  }
}
