// --store keychain: the key lives in the OS keychain — the macOS login keychain (/usr/bin/security) or the
// Secret Service on Linux (secret-tool, from libsecret: gnome-keyring, KeePassXC) — as service
// `ionq-env-setup`, account `IONQ_API_KEY`. Each shell's block reads it at shell start. No file holds the key,
// and no process gets it in its argv: the tool hands it to secret-tool / `security -i` on stdin, and the
// loaders read it through a pipe into a shell builtin (export, set, setenv, $env:).
//
// Pure: this module only builds command lines and rc-file text; the caller runs them.
//
// Why each piece is the way it is (checked against a real gnome-keyring with bash, zsh, dash, ksh93, fish and
// tcsh; see __tests__/integration/keychain.test.ts):
//
// Linux
// - `secret-tool store` reads stdin to EOF and keeps every byte, a trailing newline included (libsecret
//   tool/secret-tool.c read_password_stdin), so the key is written without one. It replaces an item with the
//   same attributes. `lookup` writes the secret as is, adding a newline only when stdout is a terminal.
// - The loaders do not use `lookup`: on a locked collection it asks the Secret Service to unlock, which pops up
//   a password dialog (gnome-keyring's prompter, KeePassXC's unlock window) at every new terminal. They use
//   `search` without --unlock, which never prompts: for an unlocked item it prints `secret = <key>` on its own
//   line of stdout (format unchanged since libsecret 0.18, 2013); for a locked one it prints no such line.
// - `timeout 2` (coreutils) bounds the read: a provider that is slow to start or hangs costs at most 2 s.
//   A D-Bus call of its own would wait 25 s.
//
// macOS
// - `security add-generic-password -w KEY` would put the key in argv, so the tool runs `security -i` and
//   writes the command on stdin. SecurityTool/macOS/security.c (split_line) tokenizes each line: outside
//   quotes, whitespace separates and `\` escapes the next byte; a word opened by `"` or `'` runs to the same
//   quote, with `\` escaping the next byte; nothing else is special (no `$`, no globbing). A quoted word
//   therefore carries every byte but NUL and newline. readline.c reads into a 4096-byte buffer and cuts a
//   longer line, running the rest as a NEW command (whose error message would echo part of the key), and it
//   drops a last line that has no newline: lines are newline-terminated and at most 4094 bytes.
// - `find-generic-password -w` (keychain_find.c) prints the password followed by a newline, but in hex when any
//   byte is not isprint() in the C locale (SecurityTool never calls setlocale), i.e. for every non-ASCII key;
//   a hex dump is indistinguishable from a key made of hex digits. Keys on macOS must therefore be printable
//   ASCII (every real IonQ key is); others are refused with that reason (use --store separate).
// - There is no `timeout` on macOS. `security` can block: on a locked keychain, or an item whose access list
//   does not trust /usr/bin/security, it asks SecurityAgent for a dialog and waits for the user. (Over SSH it
//   fails at once: "User interaction is not allowed.") The loaders bound it with perl, which every macOS
//   release ships as /usr/bin/perl, as a watchdog (perlWatchdog). Without perl the call runs unbounded (the only
//   wait is then a dialog on screen, which the user can answer).
//   The item is created by /usr/bin/security, so its access list trusts that program and the read shows no
//   dialog while the keychain is unlocked.
//
// Every shell: the block exports only a non-empty value read successfully, and leaves any inherited value alone
// otherwise; it prints at most one line on stderr, and only in an interactive shell (a script or `ssh host cmd`
// sourcing ~/.profile, or an editor resolving the login environment, stays quiet: it cannot act on the message
// and some programs treat unexpected output as an error).
import type { Dialect } from '../../rcfile/dialect';
import { quoteFish, quotePosix, quotePwsh, quoteTcsh } from '../../rcfile/quote';
import { KEY_VARIABLE } from '../../key/variables';
import { ABOUT_NOTE, CREATED_NOTE } from '../../rcfile/block';
import { KEYCHAIN_NOTE, type BodyLines } from './block-body';

export type KeychainPlatform = 'linux' | 'darwin';

/** The keychain item: service and account, as `security -s/-a` and secret-tool attributes name them. */
export const KEYCHAIN_SERVICE = 'ionq-env-setup';
export const KEYCHAIN_ACCOUNT = KEY_VARIABLE;
/** The item as the tool's messages name it. */
export const KEYCHAIN_ITEM = `${KEYCHAIN_SERVICE} / ${KEYCHAIN_ACCOUNT}`;
/** The name the user sees in Keychain Access / Seahorse / KeePassXC. */
export const KEYCHAIN_LABEL = 'IonQ API key (ionq-env-setup)';

/** The one line a loader prints, in an interactive shell, when it could not read the key. */
export const KEYCHAIN_UNREADABLE_MESSAGE = `ionq-env-setup: ${KEY_VARIABLE} not loaded (keychain locked or unavailable)`;

/** How long a loader waits for the keychain at shell start. */
const KEYCHAIN_READ_TIMEOUT_SECONDS = 2;

/** A program to run: `input`, when present, is written to its stdin (then stdin is closed). */
export interface KeychainCommand {
  file: string;
  args: string[];
  input?: string;
}

/** The first non-blank line of a tool's stderr: its own words for what went wrong. */
export const firstLine = (text: string): string | undefined => text.split('\n').find((l) => l.trim() !== '')?.trim();

/** Where the programs are. Defaults are the real ones; tests point them at stand-ins. */
export interface KeychainPrograms {
  secretTool: string;
  timeout: string;
  security: string;
  perl: string;
}

const DEFAULT_KEYCHAIN_PROGRAMS: Readonly<KeychainPrograms> = {
  secretTool: 'secret-tool',
  timeout: 'timeout',
  security: '/usr/bin/security',
  perl: '/usr/bin/perl',
};

const ATTRIBUTES = ['service', KEYCHAIN_SERVICE, 'account', KEYCHAIN_ACCOUNT];
const SECURITY_ITEM = ['-s', KEYCHAIN_SERVICE, '-a', KEYCHAIN_ACCOUNT];

// ---------------------------------------------------------------------------------------------------------
// macOS: `security -i` lines

/** readline() in security.c reads at most 4095 bytes before the newline; one byte of margin. */
export const SECURITY_MAX_LINE_BYTES = 4094;

/**
 * One word for `security -i`: double quotes, with `\` and `"` escaped by a backslash (split_line's
 * QUOTED_ARG_ESCAPED takes the next byte literally). Carries every byte except NUL and newline.
 */
export function quoteSecurityWord(value: string): string {
  if (/[\0\n\r]/.test(value)) throw new Error('security -i cannot carry NUL, CR or newline in a word');
  return `"${value.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/** A newline-terminated `security -i` command line; throws when readline would cut it. */
export function securityInteractiveLine(argv: readonly string[]): string {
  const line = securityLine(argv);
  if (Buffer.byteLength(line, 'utf8') - 1 > SECURITY_MAX_LINE_BYTES) {
    throw new Error(`a security -i line holds at most ${SECURITY_MAX_LINE_BYTES} bytes`);
  }
  return line;
}

// Words split_line reads as they are: no whitespace, quote or backslash.
const BARE_SECURITY_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
// Joins without the length check (keychainKeyProblem reports the length itself).
const securityLine = (argv: readonly string[]): string =>
  argv.map((w) => (BARE_SECURITY_WORD.test(w) ? w : quoteSecurityWord(w))).join(' ') + '\n';

const SECURITY_ADD_ARGS = (key: string): string[] => ['add-generic-password', '-U', ...SECURITY_ITEM, '-l', KEYCHAIN_LABEL, '-w', key];

// ---------------------------------------------------------------------------------------------------------
// Which keys a keychain can hold

/** secret-tool store reads at most 8192 bytes of stdin (and complains past that). */
const SECRET_TOOL_MAX_BYTES = 8191;

/**
 * Why `key` (already valid for the tool) cannot go into this platform's keychain, phrased without quoting it;
 * undefined when it can.
 */
export function keychainKeyProblem(platform: KeychainPlatform, key: string): string | undefined {
  if (platform === 'darwin') {
    if (!/^[\x21-\x7e]+$/.test(key)) {
      return 'The key holds characters outside printable ASCII: macOS `security` prints such a password as hex digits, which a shell cannot tell from a key made of hex digits. Use --store separate for this key.';
    }
    if (Buffer.byteLength(securityLine(SECURITY_ADD_ARGS(key)), 'utf8') - 1 > SECURITY_MAX_LINE_BYTES) {
      return 'The key is too long for `security -i`, which cuts lines at 4095 bytes.';
    }
    return undefined;
  }
  if (Buffer.byteLength(key, 'utf8') > SECRET_TOOL_MAX_BYTES) return 'The key is too long for secret-tool (8 KiB).';
  return undefined;
}


// ---------------------------------------------------------------------------------------------------------
// The commands the tool runs

/**
 * Stores (or replaces) the key. The key travels on stdin only. Linux: exit 0 = stored. macOS: `security -i`
 * exits with the status of its last command (0 = stored; `-U` updates an existing item in place).
 * Call keychainKeyProblem first: this throws for a key the platform cannot hold.
 */
export function keychainStoreCommand(platform: KeychainPlatform, key: string, programs: Partial<KeychainPrograms> = {}): KeychainCommand {
  const p = { ...DEFAULT_KEYCHAIN_PROGRAMS, ...programs };
  const problem = keychainKeyProblem(platform, key);
  if (problem !== undefined) throw new Error(problem);
  if (platform === 'darwin') return { file: p.security, args: ['-i'], input: securityInteractiveLine(SECURITY_ADD_ARGS(key)) };
  // No trailing newline: secret-tool would store it as part of the key.
  return { file: p.secretTool, args: ['store', `--label=${KEYCHAIN_LABEL}`, ...ATTRIBUTES], input: key };
}

/**
 * Reads the key, and may show the keychain's unlock dialog. The tool itself uses only the macOS form (through
 * keychainSearchCommand); Linux `lookup` is the tests' independent read-back of what `store` wrote.
 * Exit 0 with output = found; decode stdout with keyFromReadOutput.
 * Linux: exit 1 with empty stderr = no such item; with a message = no Secret Service, or locked and dismissed.
 * macOS: exit 44 = no such item (errSecItemNotFound); 36 / 51 / 128 = locked, no UI allowed, or denied.
 */
export function keychainReadCommand(platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): KeychainCommand {
  const p = { ...DEFAULT_KEYCHAIN_PROGRAMS, ...programs };
  if (platform === 'darwin') return { file: p.security, args: ['find-generic-password', ...SECURITY_ITEM, '-w'] };
  return { file: p.secretTool, args: ['lookup', ...ATTRIBUTES] };
}

/**
 * Reads the item without ever asking to unlock (status, set, remove). Linux: `secret-tool search`, which lists
 * the item with a `secret = ` line when it can be read and without one when its collection is locked — where
 * `lookup` would pop up an unlock dialog, or, with no prompter, say nothing and look like "no item".
 * macOS: `find-generic-password -w`, which fails at once when no dialog can be shown (SSH).
 */
export function keychainSearchCommand(platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): KeychainCommand {
  const p = { ...DEFAULT_KEYCHAIN_PROGRAMS, ...programs };
  if (platform === 'darwin') return keychainReadCommand(platform, programs);
  return { file: p.secretTool, args: ['search', ...ATTRIBUTES] };
}

/** What reading the item found: its key, no item, or why it could not be read (locked, no Secret Service…). */
export type KeychainRead = { kind: 'key'; key: string } | { kind: 'none' } | { kind: 'unreadable'; reason: string };

/** Interprets a keychainSearchCommand run (`missing`: the program could not be started). */
export function keychainReadResult(platform: KeychainPlatform, run: { missing?: boolean; code: number | null; stdout: string; stderr: string }): KeychainRead {
  const tool = platform === 'darwin' ? 'security' : 'secret-tool';
  if (run.missing) return { kind: 'unreadable', reason: `${tool} is not installed` };
  const first = firstLine(run.stderr);
  if (platform === 'darwin') {
    if (run.code === 0) {
      const key = keyFromReadOutput('darwin', run.stdout);
      return key === undefined ? { kind: 'none' } : { kind: 'key', key };
    }
    // errSecItemNotFound.
    if (run.code === 44) return { kind: 'none' };
    return { kind: 'unreadable', reason: first ?? `security exited with status ${run.code}` };
  }
  const lines = run.stdout.split('\n');
  const secret = lines.find((l) => l.startsWith('secret = '));
  if (secret !== undefined) return { kind: 'key', key: secret.slice('secret = '.length) };
  // The item is listed (its object path in brackets) but without its secret: its collection is locked.
  if (lines.some((l) => l.startsWith('['))) return { kind: 'unreadable', reason: 'the keyring is locked' };
  if (run.code === 0 || (run.code === 1 && first === undefined)) return { kind: 'none' };
  return { kind: 'unreadable', reason: first ?? `secret-tool exited with status ${run.code}` };
}

/**
 * Deletes the item. Linux: exit 0 = deleted; exit 1 with empty stderr = there was none. macOS: exit 0 =
 * deleted (it prints the item's attributes, not the password); 44 = there was none.
 */
export function keychainDeleteCommand(platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): KeychainCommand {
  const p = { ...DEFAULT_KEYCHAIN_PROGRAMS, ...programs };
  if (platform === 'darwin') return { file: p.security, args: ['delete-generic-password', ...SECURITY_ITEM] };
  return { file: p.secretTool, args: ['clear', ...ATTRIBUTES] };
}

/**
 * Whether a keychain is usable here, without reading any secret. Run it; interpret with keychainProbeResult.
 * Linux: a search for an attribute nothing has: it needs secret-tool, a session bus (none over plain SSH) and a
 * Secret Service on it, and reads no secret. macOS: `show-keychain-info` opens the default keychain; it fails
 * when there is none, and (argued from the API, not run here) when the keychain is locked and no dialog can be
 * shown (SSH).
 */
export function keychainProbeCommand(platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): KeychainCommand {
  const p = { ...DEFAULT_KEYCHAIN_PROGRAMS, ...programs };
  if (platform === 'darwin') return { file: p.security, args: ['show-keychain-info'] };
  return { file: p.secretTool, args: ['search', 'service', `${KEYCHAIN_SERVICE}-probe`] };
}

export type KeychainProbe = { usable: true } | { usable: false; reason: string };

/** Reads a probe's outcome: `missing` when the program could not be started (ENOENT). */
export function keychainProbeResult(
  platform: KeychainPlatform,
  run: { missing?: boolean; code: number | null; stderr: string },
): KeychainProbe {
  const tool = platform === 'darwin' ? 'security' : 'secret-tool';
  if (run.missing) {
    return { usable: false, reason: platform === 'darwin' ? '/usr/bin/security is missing.' : 'secret-tool is not installed (Debian/Ubuntu: libsecret-tools; Fedora: libsecret).' };
  }
  if (run.code === 0) return { usable: true };
  const first = firstLine(run.stderr);
  return { usable: false, reason: first ? `${tool}: ${first.replace(/^(secret-tool|security): /, '')}` : `${tool} exited with status ${run.code}.` };
}

/**
 * The key in a read command's stdout, or undefined when there is none. Linux: lookup writes the bytes as they
 * are (no newline unless stdout is a terminal). macOS: -w adds a newline; a non-ASCII password comes out in
 * hex (never for a key this tool stored: keychainKeyProblem refuses those), returned as printed.
 */
export function keyFromReadOutput(platform: KeychainPlatform, stdout: string): string | undefined {
  const text = platform === 'darwin' && stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout;
  return text === '' ? undefined : text;
}

// ---------------------------------------------------------------------------------------------------------
// The loaders

/**
 * The lines that read the key from the keychain at shell start and export it. Posix covers sh, dash, bash,
 * zsh and ksh. Each loader forks once for the read (plus `timeout`'s own child on Linux).
 */
export function keychainLoaderLines(dialect: Dialect, platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): string[] {
  const p = { ...DEFAULT_KEYCHAIN_PROGRAMS, ...programs };
  const v = KEY_VARIABLE;
  const t = KEYCHAIN_READ_TIMEOUT_SECONDS;
  // Fixed words (checked to need no quoting in any dialect: see SAFE_WORD below).
  const search = `${p.timeout} ${t} ${p.secretTool} search ${ATTRIBUTES.join(' ')}`;
  const find = `${p.security} find-generic-password ${SECURITY_ITEM.join(' ')} -w`;
  const bounded = (q: (s: string) => string): string => `${p.perl} -e ${q(perlWatchdog(t))} ${find}`;
  const msg = KEYCHAIN_UNREADABLE_MESSAGE;
  for (const word of [...search.split(' '), ...find.split(' '), p.perl]) {
    if (!SAFE_WORD.test(word)) throw new Error(`program path needs quoting: ${word}`);
  }

  switch (dialect) {
    case 'posix': {
      // The `if` runs in the current shell, its 2>/dev/null covering the read. `command -v` and `[` are builtins:
      // a shell without secret-tool (or timeout) forks nothing.
      const read =
        platform === 'linux'
          ? `if command -v ${p.secretTool} >/dev/null && command -v ${p.timeout} >/dev/null; then __ionq_k=$(${search}); else __ionq_k=; fi 2>/dev/null`
          : `if [ -x ${p.perl} ]; then __ionq_k=$(${bounded(quotePosix)}); else __ionq_k=$(${find}); fi 2>/dev/null`;
      // Linux: keep what follows "secret = " up to the end of its line (keys hold no whitespace).
      // macOS: the whole output is the key when it is one non-blank word (errors went to stderr).
      const say = `case $- in *i*) echo ${quotePosix(msg)} >&2 ;; esac`;
      const pick =
        platform === 'linux'
          ? `case $__ionq_k in *'secret = '[![:space:]]*) __ionq_k=\${__ionq_k#*'secret = '}; export ${v}="\${__ionq_k%%[[:space:]]*}" ;; *) ${say} ;; esac`
          : `case $__ionq_k in ''|*[[:space:]]*) ${say} ;; *) export ${v}="$__ionq_k" ;; esac`;
      return [
        read,
        pick,
        'unset __ionq_k',
      ];
    }
    case 'fish': {
      // Builtins in a pipeline run inside fish: only the external command forks. `set -l` at the top of a
      // sourced file stays local to it.
      const read =
        platform === 'linux'
          ? `command -sq ${p.secretTool}; and command -sq ${p.timeout}; and set __ionq_k (${search} 2>/dev/null | string match 'secret = ?*' | string sub -s 10)`
          : `if test -x ${p.perl}; set __ionq_k (${bounded(quoteFish)} 2>/dev/null); else; set __ionq_k (${find} 2>/dev/null); end`;
      return [
        'set -l __ionq_k',
        read,
        // Only a single non-blank line counts (macOS: one line is the key; anything else is not).
        `if test (count $__ionq_k) -eq 1 -a -n "$__ionq_k[1]"; and not string match -q -r '\\s' -- $__ionq_k[1]`,
        `    set -gx ${v} $__ionq_k[1]`,
        'else if status is-interactive',
        `    echo ${quoteFish(msg)} >&2`,
        'end',
      ];
    }
    case 'tcsh': {
      // tcsh cannot send only stderr elsewhere, so `>& /dev/stdout` merges it into the captured text, one word
      // per line; error lines never start with "secret = " (Linux) and always hold a space (macOS).
      // No `!` anywhere: csh would take it for history substitution.
      const lines =
        platform === 'linux'
          ? [
              'set __ionq_k = ( )',
              `if ( -X ${p.secretTool} && -X ${p.timeout} ) set __ionq_k = ( "\`${search} >& /dev/stdout\`" )`,
              'set __ionq_n = 0',
              'foreach __ionq_l ( $__ionq_k:q )',
              '    if ( "$__ionq_l" =~ "secret = ?*" ) then',
              `        setenv ${v} "$__ionq_l:s/secret = //"`,
              '        set __ionq_n = 1',
              '    endif',
              'end',
            ]
          : [
              'set __ionq_k = ( )',
              `if ( -x ${p.perl} ) then`,
              `    set __ionq_k = ( "\`${bounded(quoteTcsh)} >& /dev/stdout\`" )`,
              'else',
              `    set __ionq_k = ( "\`${find} >& /dev/stdout\`" )`,
              'endif',
              'set __ionq_n = 0',
              'if ( $#__ionq_k == 1 ) then',
              '    if ( "$__ionq_k" =~ "* *" ) then',
              '    else if ( "$__ionq_k" =~ "?*" ) then',
              `        setenv ${v} "$__ionq_k"`,
              '        set __ionq_n = 1',
              '    endif',
              'endif',
            ];
      // tcsh has no `>&2`, and opening /dev/stderr fails (ENXIO) when stderr is a socket, which aborts the rest
      // of the rc file; so /bin/sh prints the line. It runs only in an interactive shell that got no key. Not the
      // one-line `if (…) cmd > file`: csh performs that redirection even when the condition is false.
      const say = `/bin/sh -c ${tcshDoubleQuoted(`echo ${quotePosix(msg)} >&2`)}`;
      return [
        ...lines,
        'if ( $__ionq_n == 0 && $?prompt ) then',
        `    ${say}`,
        'endif',
        platform === 'linux' ? 'unset __ionq_k __ionq_l __ionq_n' : 'unset __ionq_k __ionq_n',
      ];
    }
    case 'pwsh': {
      // PowerShell on Linux or macOS. Native output comes back as lines (UTF-8 there). "Interactive" is
      // approximated by a terminal on stdin, stdout and stderr.
      const read =
        platform === 'linux'
          ? `if ((Get-Command ${p.secretTool} -CommandType Application -ErrorAction Ignore) -and (Get-Command ${p.timeout} -CommandType Application -ErrorAction Ignore)) { $__ionq = @(@(& ${search} 2>$null) -clike 'secret = ?*' | ForEach-Object { $_.Substring(9) }) }`
          : `$__ionq = @(if (Test-Path -LiteralPath ${quotePwsh(p.perl)}) { & ${bounded(quotePwsh)} 2>$null } else { & ${find} 2>$null })`;
      return [
        '$__ionq = @()',
        read,
        // One line: `elseif` on a line of its own parses in a script, but not when the block is pasted into a console.
        `if ($__ionq.Count -eq 1 -and $__ionq[0] -cmatch '^\\S+$') { $env:${v} = $__ionq[0] } elseif (-not ([Console]::IsInputRedirected -or [Console]::IsOutputRedirected -or [Console]::IsErrorRedirected)) { [Console]::Error.WriteLine(${quotePwsh(msg)}) }`,
        'Remove-Variable __ionq',
      ];
    }
  }
}

/**
 * perl as a watchdog for `security` (macOS has no `timeout`): it runs the command as its child and, after `seconds`,
 * ends it (SIGTERM) and exits 1. Not `alarm; exec`, which costs no fork: a command killed by SIGALRM makes dash
 * and tcsh print "Alarm clock", while a perl that exits makes no shell say anything. Written without `$`, `!`,
 * `"` and `'`: it sits in single quotes in every dialect, and inside tcsh's "`…`", where tcsh would substitute
 * `$name` and history-expand `!`. Hence `grep /[1-9]/, fork` (the child's pid in the parent, nothing in the child)
 * and `%SIG = (…)`. The exit status does not matter: the loaders look only at the output.
 */
export const perlWatchdog = (seconds: number): string =>
  `@p = grep /[1-9]/, fork; unless (@p) { exec @ARGV; exit 127 } %SIG = (ALRM => sub { kill 15, @p; exit 1 }); alarm ${seconds}; wait`;

/** "text" for tcsh, for text that holds none of the characters tcsh still interprets inside double quotes. */
function tcshDoubleQuoted(text: string): string {
  if (/["$!`\\\n]/.test(text)) throw new Error('text unsafe in tcsh double quotes');
  return `"${text}"`;
}

/** Words written unquoted into every dialect's loader. */
const SAFE_WORD = /^[A-Za-z0-9_./@-]+$/;

/** The lines a keychain block holds between its markers (after the about/created notes, which the caller adds). */
export const keychainBlockLines = (dialect: Dialect, platform: KeychainPlatform, programs: Partial<KeychainPrograms> = {}): string[] => [
  KEYCHAIN_NOTE,
  ...keychainLoaderLines(dialect, platform, programs),
];

/** The body of a block that reads the key from the keychain. */
export const keychainBody =
  (dialect: Dialect, platform: KeychainPlatform): BodyLines =>
  (created) => [ABOUT_NOTE, ...(created ? [CREATED_NOTE] : []), ...keychainBlockLines(dialect, platform)];
