// A real gnome-keyring on a private D-Bus session bus, for tests of --store keychain on Linux.
//
// Why a bus of our own from `dbus-daemon --config-file`, not dbus-run-session: dbus-run-session owns one child
// and ends the bus when it exits, and uses the stock session config; a test wants a bus that lives across many
// shell starts, its address in hand, and a config WITHOUT service activation — with it, any Secret Service call
// would start gnome-keyring-daemon (or a prompter) by itself, with the bus's environment, and "no keyring
// daemon" or "locked" could never be made to stay that way.
//
// Everything lives in temp dirs: the bus socket and XDG_RUNTIME_DIR in one, the keyring files in
// <home>/.local/share/keyrings (XDG_DATA_HOME), so a test can check that no file under the home holds the key.
// Nothing reads or writes the real home.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasProgram, missing } from './shells';

/** The programs the keyring tests start. */
const TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool', 'timeout'] as const;

/** apt packages that bring them (scripts/ci-deps.sh installs them). */
const KEYRING_PACKAGES = 'gnome-keyring libsecret-tools dbus-daemon dbus-x11 (dbus-send: dbus-bin; timeout: coreutils)';

/**
 * Whether the keyring tests can run: a missing program skips them with a printed reason, or fails a strict
 * run (helpers/shells.ts `missing`), since .ci/run installs them (scripts/ci-deps.sh).
 */
export function hasKeyringTools(): boolean {
  const absent = TOOLS.filter((t) => !hasProgram(t));
  return absent.length === 0 || missing(`a real gnome-keyring for the keychain tests (${absent.join(', ')})`, `apt: ${KEYRING_PACKAGES}; scripts/ci-deps.sh installs them`);
}

export interface Keyring {
  /** Variables a process needs to reach this keyring (merge into a shell's env). */
  env: {
    DBUS_SESSION_BUS_ADDRESS: string;
    XDG_RUNTIME_DIR: string;
    XDG_DATA_HOME: string;
  };
  /** Locks the login collection (Secret Service Lock): items stay, their secrets cannot be read. */
  lock(): void;
  /** Whether the login collection is locked. */
  isLocked(): boolean;
  /** Unlocks by restarting gnome-keyring-daemon with the password (an unlock over D-Bus needs a prompt). */
  unlock(): Promise<void>;
  /** Stops (SIGSTOP) or resumes the keyring daemon: a Secret Service that never answers. */
  freeze(): void;
  thaw(): void;
  /** Ends both daemons and removes the runtime dir (the keyring files stay in the home). */
  stop(): Promise<void>;
}

/** The login keyring's password. gnome-keyring takes an empty one as "no password" and creates no keyring. */
const PASSWORD = 'ionq-test-keyring-password';
const LOGIN = '/org/freedesktop/secrets/collection/login';

function busConfig(socketDir: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${socketDir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Resolves with the first line of `child`'s stdout, or rejects after `ms`. */
function firstLine(child: ChildProcess, what: string, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms: ${err}`)), ms);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready: ${err}`));
    });
  });
}

/** Resolves when `child` closes its stdout (gnome-keyring-daemon --foreground does so once initialized). */
function stdoutClosed(child: ChildProcess, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready within ${ms} ms: ${err}`)), ms);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.resume();
    child.stdout!.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) during start: ${err}`));
    });
  });
}

function waitExit(child: ChildProcess, ms = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Starts a private session bus and an unlocked gnome-keyring (Secret Service only) whose login keyring lives in
 * `home`/.local/share/keyrings. The returned env reaches it; `stop()` ends it.
 */
export async function startKeyring(home: string): Promise<Keyring> {
  const runtimeDir = mkdtempSync(join(tmpdir(), 'ionq-keyring-'));
  chmodSync(runtimeDir, 0o700);
  const dataHome = join(home, '.local', 'share');
  const config = join(runtimeDir, 'bus.conf');
  writeFileSync(config, busConfig(runtimeDir));
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' };

  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address=1'], {
    env: base,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let address: string;
  try {
    address = (await firstLine(bus, 'dbus-daemon')).trim();
  } catch (e) {
    bus.kill('SIGKILL');
    rmSync(runtimeDir, { recursive: true, force: true });
    throw e;
  }
  const env = { DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtimeDir, XDG_DATA_HOME: dataHome };

  let daemon: ChildProcess | undefined;
  /** gnome-keyring-daemon in the foreground: --unlock reads the password from stdin (creating the login keyring). */
  const startDaemon = async (): Promise<void> => {
    const child = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...base, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin!.end(PASSWORD);
    await stdoutClosed(child, 'gnome-keyring-daemon');
    daemon = child;
  };
  const dbusSend = (args: string[]): string => {
    const r = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', ...args], {
      env: { ...base, ...env },
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (r.status !== 0) throw new Error(`dbus-send ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const isLocked = (): boolean =>
    /boolean true/.test(dbusSend([LOGIN, 'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.Secret.Collection', 'string:Locked']));

  try {
    // gnome-keyring 42 sometimes aborts on the first Properties.Get from a new client (a GLib assertion in
    // gkd_secret_service_get_pkcs11_session, about 1 start in 300 on a loaded machine). That is the daemon's
    // bug, not the tool's, and the tool never sends that call: start it again, a few times at most.
    for (let attempt = 1; ; attempt++) {
      await startDaemon();
      try {
        // The login collection exists and is open (it is created by the first --unlock).
        if (isLocked()) throw new Error('the login keyring is locked right after --unlock');
        break;
      } catch (e) {
        await waitExit(daemon!, 1_000);
        if (daemon!.signalCode !== 'SIGABRT' || attempt === 3) throw e;
      }
    }
  } catch (e) {
    daemon?.kill('SIGKILL');
    bus.kill('SIGKILL');
    rmSync(runtimeDir, { recursive: true, force: true });
    throw e;
  }

  return {
    env,
    lock() {
      dbusSend(['/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `array:objpath:${LOGIN}`]);
      if (!isLocked()) throw new Error('the login keyring did not lock');
    },
    isLocked,
    async unlock() {
      if (daemon) {
        daemon.kill('SIGCONT');
        daemon.kill('SIGTERM');
        await waitExit(daemon);
      }
      await startDaemon();
      if (isLocked()) throw new Error('the login keyring is still locked after a restart with its password');
    },
    freeze() {
      daemon?.kill('SIGSTOP');
    },
    thaw() {
      daemon?.kill('SIGCONT');
    },
    async stop() {
      if (daemon) {
        daemon.kill('SIGCONT');
        daemon.kill('SIGTERM');
        await waitExit(daemon);
      }
      bus.kill('SIGTERM');
      await waitExit(bus);
      rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}
