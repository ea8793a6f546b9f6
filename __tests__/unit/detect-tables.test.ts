// The detection tables and words (src/detect/): each CI vendor's variables and name, each shell's dialect,
// programs and default, each OS's label, and which startup files a shell reads — exactly.
import { CI_LABEL, ciFilesToCheck, ciVendorLabel, detectCi, isCiChannel } from '../../src/detect/ci';
import { osKind, osLabel } from '../../src/detect/os';
import { DIALECT_OF, SHELL_NAMES, detectLoginShell, isShellName, shellFromPath } from '../../src/detect/shell';
import { candidatePaths, chooseRcFile, extraScannedFiles, fishConfD, filesReadLater, rcLocation, shellRoots, startupFiles } from '../../src/detect/startup-files';

describe('CI', () => {
  it.each([
    [{ CI: 'true' }, 'generic'],
    [{ CI: 'yes' }, 'generic'],
    [{ CI: '1' }, 'generic'],
    [{ CI: '' }, undefined],
    [{ CI: '0' }, undefined],
    [{ CI: 'false' }, undefined],
    [{ CI: 'FALSE' }, undefined],
    [{ CI: 'False' }, undefined],
    [{ TF_BUILD: 'True' }, 'azure'],
    [{ TF_BUILD: 'true' }, 'azure'],
    [{ TF_BUILD: 'yes' }, undefined],
    [{ CIRCLECI: 'true', BASH_ENV: '/e' }, 'circleci'],
    [{ CIRCLECI: 'true', BASH_ENV: '' }, 'generic'],
    [{ CIRCLECI: '1', BASH_ENV: '/e' }, undefined],
    [{ GITLAB_CI: 'true' }, 'gitlab'],
    [{ GITLAB_CI: '1' }, undefined],
    [{ JENKINS_URL: 'http://j/' }, 'generic'],
    [{ TEAMCITY_VERSION: '2024.1' }, 'generic'],
    [{ BUILDKITE: 'true' }, 'generic'],
    [{ BUILDKITE: 'false' }, undefined],
    [{ GITHUB_ACTIONS: 'false', CI: 'true' }, 'generic'],
    [{ GITHUB_ACTIONS: 'true', GITHUB_ENV: '' }, 'generic'],
  ])('detectCi(%j) = %j', (env, kind) => {
    expect(detectCi(env)).toBe(kind);
  });

  it("GitHub's channel needs the runner's env file to be a file", () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_ENV: '/runner/env' };
    expect(detectCi(env, (f) => f === '/runner/env')).toBe('github');
    expect(detectCi(env, () => false)).toBe('generic');
    expect(ciFilesToCheck(env)).toEqual(['/runner/env']);
    expect(ciFilesToCheck({ GITHUB_ACTIONS: 'true' })).toEqual([]);
    expect(ciFilesToCheck({ GITHUB_ACTIONS: 'false', GITHUB_ENV: '/runner/env' })).toEqual([]);
    expect(ciFilesToCheck({ GITHUB_ACTIONS: 'true', GITHUB_ENV: '' })).toEqual([]);
  });

  it.each([
    [{ GITHUB_ACTIONS: 'true' }, 'GitHub Actions'],
    [{ CIRCLECI: 'true' }, 'CircleCI'],
    [{ JENKINS_URL: 'http://j/' }, 'Jenkins'],
    [{ TEAMCITY_VERSION: '2024.1' }, 'TeamCity'],
    [{ BUILDKITE: 'true' }, 'Buildkite'],
    [{ BITBUCKET_BUILD_NUMBER: '7' }, 'Bitbucket Pipelines'],
    [{ TRAVIS: 'true' }, 'Travis CI'],
    [{ GITHUB_ACTIONS: 'false', CIRCLECI: 'false', BUILDKITE: 'false', TRAVIS: 'false' }, 'This CI system'],
    [{}, 'This CI system'],
  ])('ciVendorLabel(%j) = %s', (env, label) => {
    expect(ciVendorLabel(env)).toBe(label);
  });

  it('the names of the kinds, and which have a channel', () => {
    expect(CI_LABEL).toEqual({ github: 'GitHub Actions', azure: 'Azure Pipelines', circleci: 'CircleCI', gitlab: 'GitLab CI', generic: 'a CI system' });
    expect(['github', 'azure', 'circleci', 'gitlab', 'generic', undefined].map((k) => isCiChannel(k))).toEqual([true, true, true, false, false, false]);
  });
});

describe('OS', () => {
  it.each([
    ['windows', false, 'Windows'],
    ['darwin', false, 'macOS'],
    ['linux', false, 'Linux'],
    ['linux', true, 'Linux (WSL)'],
  ] as const)('osLabel(%s, WSL %s) = %s', (kind, wsl, label) => {
    expect(osLabel(kind, wsl)).toBe(label);
  });

  it('only Windows and macOS differ from the Linux rules', () => {
    expect(['win32', 'darwin', 'linux', 'freebsd', 'openbsd', 'aix'].map((p) => osKind(p as NodeJS.Platform))).toEqual(['windows', 'darwin', 'linux', 'linux', 'linux', 'linux']);
  });
});

describe('shells', () => {
  it('each shell and its dialect', () => {
    expect(SHELL_NAMES).toEqual(['bash', 'zsh', 'fish', 'sh', 'ksh', 'tcsh', 'pwsh']);
    expect(DIALECT_OF).toEqual({ bash: 'posix', zsh: 'posix', sh: 'posix', ksh: 'posix', fish: 'fish', tcsh: 'tcsh', pwsh: 'pwsh' });
  });

  it.each([
    ['/bin/bash', 'bash'],
    ['/bin/sh', 'sh'],
    ['/bin/ash', 'sh'],
    ['/bin/ksh', 'ksh'],
    ['/bin/ksh93', 'ksh'],
    ['/bin/pdksh', 'ksh'],
    ['/bin/tcsh', 'tcsh'],
    ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'pwsh'],
    ['C:\\PowerShell\\PWSH.EXE', 'pwsh'],
    ['/opt/pwsh-preview', 'pwsh'],
    ['-zsh', 'zsh'],
    ['/bin/zsh.exe.bak', undefined],
    ['/bin/bash-5', undefined],
    ['/bin/-', undefined],
    ['', undefined],
  ])('shellFromPath(%j) = %s', (path, shell) => {
    expect(shellFromPath(path)).toBe(shell);
  });

  it('isShellName knows only the supported names', () => {
    expect(['bash', 'pwsh', 'dash', 'csh', ''].map(isShellName)).toEqual([true, true, false, false, false]);
  });

  it('when neither SHELL nor the user database names a shell: bash on Linux, zsh on macOS, PowerShell on Windows', () => {
    expect(detectLoginShell(undefined, () => undefined, 'linux')).toEqual({ shell: 'bash', source: 'assumed' });
    expect(detectLoginShell(undefined, () => undefined, 'darwin')).toEqual({ shell: 'zsh', source: 'assumed' });
    expect(detectLoginShell(undefined, () => '/bin/nu', 'windows')).toEqual({ shell: 'pwsh', source: 'assumed' });
  });
});

describe('startup files', () => {
  const roots = shellRoots('/h', {});

  it('the roots: $HOME, $ZDOTDIR (absolute, normalised) and $XDG_CONFIG_HOME', () => {
    expect(roots).toEqual({ home: '/h', zdotdir: '/h', configHome: '/h/.config' });
    expect(shellRoots('/h', { ZDOTDIR: '/z/', XDG_CONFIG_HOME: '/c/../cfg' })).toEqual({ home: '/h', zdotdir: '/z', configHome: '/cfg' });
    expect(shellRoots('/h', { ZDOTDIR: '', XDG_CONFIG_HOME: '' })).toEqual({ home: '/h', zdotdir: '/h', configHome: '/h/.config' });
    expect(fishConfD(roots)).toBe('/h/.config/fish/conf.d');
  });

  it.each([
    ['bash', 'linux', ['/h/.bashrc']],
    ['bash', 'darwin', ['/h/.bash_profile', '/h/.bash_login', '/h/.profile']],
    ['zsh', 'linux', ['/h/.zshenv', '/h/.zprofile', '/h/.zshrc', '/h/.zlogin']],
    ['sh', 'linux', ['/h/.profile']],
    ['ksh', 'linux', ['/h/.profile', '/h/.kshrc']],
    ['fish', 'linux', ['/h/.config/fish/config.fish']],
    ['tcsh', 'linux', ['/h/.tcshrc', '/h/.cshrc', '/h/.login']],
    ['pwsh', 'linux', ['/h/.config/powershell/profile.ps1', '/h/.config/powershell/Microsoft.PowerShell_profile.ps1']],
    ['pwsh', 'windows', ['/h/Documents/PowerShell/profile.ps1', '/h/Documents/PowerShell/Microsoft.PowerShell_profile.ps1']],
  ] as const)('%s on %s may read %j', (shell, os, paths) => {
    expect(candidatePaths(shell, os, roots)).toEqual(paths);
  });

  it.each([
    ['sh', '/h/.profile'],
    ['ksh', '/h/.profile'],
    ['bash', '/h/.bashrc'],
    ['zsh', '/h/.zshrc'],
    ['tcsh', '/h/.tcshrc'],
    ['fish', '/h/.config/fish/conf.d/ionq.fish'],
  ] as const)('%s: set writes %s', (shell, file) => {
    expect(rcLocation(shell, 'linux', roots).fallback).toBe(file);
  });

  it('chooseRcFile says whether the chosen file exists', () => {
    const location = rcLocation('bash', 'darwin', roots);
    expect(chooseRcFile(location, (f) => f === '/h/.profile')).toEqual({ path: '/h/.profile', exists: true });
    expect(chooseRcFile(location, () => false)).toEqual({ path: '/h/.bash_profile', exists: false });
  });

  it('a login bash reads only the first of its files that exists', () => {
    const exists = (f: string) => f === '/h/.bash_login' || f === '/h/.profile';
    expect(startupFiles('bash', 'darwin', roots, exists, []).map((f) => f.path)).toEqual(['/h/.bash_login']);
    expect(startupFiles('tcsh', 'linux', roots, () => true, []).map((f) => f.path)).toEqual(['/h/.tcshrc', '/h/.login']);
  });

  it('each file comes with the dialect of the shell', () => {
    expect(startupFiles('sh', 'linux', roots, () => true, [])).toEqual([{ path: '/h/.profile', dialect: 'posix' }]);
    expect(startupFiles('fish', 'linux', roots, () => true, ['a.fish'])).toEqual([
      { path: '/h/.config/fish/conf.d/a.fish', dialect: 'fish' },
      { path: '/h/.config/fish/config.fish', dialect: 'fish' },
    ]);
  });

  it('fish: only *.fish files of conf.d after ionq.fish come later; none when conf.d is empty', () => {
    expect(filesReadLater('fish', 'linux', roots, () => true, ['ionq.fish', 'ionq.fishy', 'j.fish', 'a.fish'])).toEqual(['/h/.config/fish/conf.d/j.fish', '/h/.config/fish/config.fish']);
    expect(filesReadLater('fish', 'linux', roots, () => true, [])).toEqual(['/h/.config/fish/config.fish']);
    expect(filesReadLater('bash', 'linux', roots, () => true, ['z.fish'])).toEqual([]);
  });

  it('files scanned beyond what a terminal reads', () => {
    expect(extraScannedFiles(roots)).toEqual([
      { path: '/h/.bashrc', dialect: 'posix' },
      { path: '/h/.bash_profile', dialect: 'posix' },
      { path: '/h/.bash_login', dialect: 'posix' },
      { path: '/h/.profile', dialect: 'posix' },
      { path: '/h/.tcshrc', dialect: 'tcsh' },
      { path: '/h/.cshrc', dialect: 'tcsh' },
    ]);
  });
});
