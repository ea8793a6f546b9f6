import { detectLoginShell, shellFromPath } from '../../src/detect/shell';
import { chooseRcFile, filesReadLater, rcLocation, shellRoots, startupFiles } from '../../src/detect/startup-files';
import { osKind } from '../../src/detect/os';
import { detectCi } from '../../src/detect/ci';
import { parseShellOption, profileDialect } from '../../src/targets/shell/locate';
import { resolveTarget } from '../../src/plans/set-request';

describe('detection tables', () => {
  it.each([
    ['/bin/zsh', 'zsh'],
    ['/usr/local/bin/fish', 'fish'],
    ['/bin/dash', 'sh'],
    ['/bin/mksh', 'ksh'],
    ['/bin/csh', 'tcsh'],
    ['C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'pwsh'],
    ['-bash', 'bash'],
    ['/usr/bin/nu', undefined],
    [undefined, undefined],
  ])('shellFromPath(%j) = %j', (input, expected) => {
    expect(shellFromPath(input)).toBe(expected);
  });

  it.each([
    [{ SHELL: '/bin/zsh', db: '/bin/bash', os: 'linux' }, { shell: 'zsh', source: 'SHELL' }],
    [{ SHELL: undefined, db: '/usr/bin/fish', os: 'linux' }, { shell: 'fish', source: 'user database' }],
    [{ SHELL: '/bin/nu', db: undefined, os: 'linux' }, { shell: 'bash', source: 'assumed' }],
    [{ SHELL: undefined, db: undefined, os: 'darwin' }, { shell: 'zsh', source: 'assumed' }],
  ] as const)('login shell from %j', (input, expected) => {
    expect(detectLoginShell(input.SHELL, () => input.db, input.os)).toEqual(expected);
  });

  it('asks the user database only when SHELL does not name a shell', () => {
    let asked = 0;
    const userShell = (): string => {
      asked++;
      return '/bin/fish';
    };
    expect(detectLoginShell('/bin/zsh', userShell, 'linux').shell).toBe('zsh');
    expect(asked).toBe(0);
    expect(detectLoginShell(undefined, userShell, 'linux').shell).toBe('fish');
    expect(asked).toBe(1);
  });

  it.each([
    ['linux', 'linux'],
    ['darwin', 'darwin'],
    ['win32', 'windows'],
    ['freebsd', 'linux'],
  ] as const)('osKind(%s) = %s', (p, k) => expect(osKind(p)).toBe(k));

  const roots = shellRoots('/h', { ZDOTDIR: '/z', XDG_CONFIG_HOME: '/x' });
  it.each([
    ['bash', 'linux', [], '/h/.bashrc'],
    ['bash', 'darwin', [], '/h/.bash_profile'],
    ['bash', 'darwin', ['/h/.profile'], '/h/.profile'],
    ['bash', 'darwin', ['/h/.bash_login', '/h/.profile'], '/h/.bash_login'],
    ['zsh', 'linux', [], '/z/.zshrc'],
    ['fish', 'darwin', [], '/x/fish/conf.d/ionq.fish'],
    ['sh', 'linux', [], '/h/.profile'],
    ['ksh', 'darwin', [], '/h/.profile'],
    ['tcsh', 'linux', [], '/h/.tcshrc'],
    ['tcsh', 'linux', ['/h/.cshrc'], '/h/.cshrc'],
    ['tcsh', 'linux', ['/h/.cshrc', '/h/.tcshrc'], '/h/.tcshrc'],
    ['pwsh', 'linux', [], '/x/powershell/Microsoft.PowerShell_profile.ps1'],
    ['pwsh', 'windows', [], '/h/Documents/PowerShell/Microsoft.PowerShell_profile.ps1'],
  ] as const)('%s on %s with %j → %s', (shell, os, existing, expected) => {
    expect(chooseRcFile(rcLocation(shell, os, roots), (f) => (existing as readonly string[]).includes(f)).path).toBe(expected);
  });

  // What a new terminal reads, and what of it comes after the file set writes (an assignment there wins).
  it.each([
    ['zsh', 'linux', [], [], ['/z/.zshenv', '/z/.zprofile', '/z/.zshrc', '/z/.zlogin'], ['/z/.zlogin']],
    ['bash', 'darwin', ['/h/.profile'], [], ['/h/.profile'], []],
    ['bash', 'darwin', [], [], [], []],
    ['ksh', 'linux', [], [], ['/h/.profile', '/h/.kshrc'], ['/h/.kshrc']],
    ['tcsh', 'linux', ['/h/.cshrc'], [], ['/h/.cshrc', '/h/.login'], ['/h/.login']],
    ['fish', 'linux', [], ['zz.fish', 'aa.fish', 'ionq.fish', 'notes.txt'], ['/x/fish/conf.d/aa.fish', '/x/fish/conf.d/ionq.fish', '/x/fish/conf.d/zz.fish', '/x/fish/config.fish'], ['/x/fish/conf.d/zz.fish', '/x/fish/config.fish']],
    ['pwsh', 'linux', [], [], ['/x/powershell/profile.ps1', '/x/powershell/Microsoft.PowerShell_profile.ps1'], []],
  ] as const)('%s on %s with %j (conf.d %j) reads %j, and after the key file %j', (shell, os, existing, confD, reads, later) => {
    const exists = (f: string): boolean => (existing as readonly string[]).includes(f);
    expect(startupFiles(shell, os, roots, exists, confD).map((f) => f.path)).toEqual(reads);
    expect(filesReadLater(shell, os, roots, exists, confD)).toEqual(later);
  });

  it('relative ZDOTDIR and XDG_CONFIG_HOME are ignored, as the shells do', () => {
    expect(shellRoots('/h', { ZDOTDIR: 'rel', XDG_CONFIG_HOME: 'rel' })).toEqual({ home: '/h', zdotdir: '/h', configHome: '/h/.config' });
  });

  it.each([
    [{ GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_ENV: '/runner/env' }, 'github'],
    [{ GITHUB_ACTIONS: 'true', CI: 'true' }, 'generic'],
    [{ TF_BUILD: 'True' }, 'azure'],
    [{ CIRCLECI: 'true', BASH_ENV: '/tmp/.bash_env' }, 'circleci'],
    [{ CIRCLECI: 'true' }, 'generic'],
    [{ GITLAB_CI: 'true' }, 'gitlab'],
    [{ CI: '1' }, 'generic'],
    [{ CI: 'false' }, undefined],
    [{}, undefined],
  ])('detectCi(%j) = %j', (env, expected) => expect(detectCi(env)).toBe(expected));

  it.each([
    [undefined, { kind: 'login' }],
    [['zsh,fish'], { kind: 'named', shells: ['zsh', 'fish'] }],
    [['zsh', 'bash', 'zsh'], { kind: 'named', shells: ['zsh', 'bash'] }],
    [['dash'], { kind: 'named', shells: ['sh'] }],
    [['all'], { kind: 'all' }],
  ])('--shell %j', (values, expected) => expect(parseShellOption(values)).toEqual(expected));

  it.each([
    ['/h/x.fish', 'fish'],
    ['/h/profile.ps1', 'pwsh'],
    ['/h/.cshrc', 'tcsh'],
    ['/h/.bashrc', 'posix'],
  ])('--profile %s is written in %s', (file, dialect) => {
    expect(profileDialect(file, { kind: 'login' }, 'zsh').dialect).toBe(dialect);
  });

  it('--target auto is setx on Windows and shell files elsewhere', () => {
    expect(resolveTarget('auto', { os: 'windows' })).toBe('windows');
    expect(resolveTarget(undefined, { os: 'darwin' })).toBe('shell');
  });
});
