// Fingerprints of the real user's shell files, taken before the suite and compared after it:
// the suite fails if any test touched the real home directory.
import { createHash } from 'node:crypto';
import { readFileSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

const FILES = [
  '.bashrc', '.bash_profile', '.bash_login', '.profile', '.zshrc', '.zshenv', '.zprofile', '.zlogin',
  '.tcshrc', '.cshrc', '.config/fish/conf.d', '.config/powershell/Microsoft.PowerShell_profile.ps1',
  '.config/ionq', '.bash_history', '.zsh_history',
];

function realHome() {
  // The passwd entry, not $HOME: tests may have changed $HOME already.
  return userInfo().homedir;
}

export function fingerprint(home = realHome()) {
  const out = {};
  for (const rel of FILES) {
    const file = join(home, rel);
    try {
      const st = lstatSync(file);
      if (st.isDirectory()) out[rel] = 'dir:' + readdirSync(file).sort().join(',');
      else out[rel] = createHash('sha256').update(readFileSync(file)).digest('hex') + ':' + st.mode;
    } catch {
      out[rel] = 'absent';
    }
  }
  return out;
}
