import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from './rc-guard.js';

export default function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'ionq-guard-'));
  writeFileSync(join(dir, 'before.json'), JSON.stringify(fingerprint()));
  process.env.IONQ_RC_GUARD = dir;
  // Belt and braces: any code that reads $HOME by mistake gets an empty temp dir, not the real one.
  const fakeHome = mkdtempSync(join(tmpdir(), 'ionq-fake-home-'));
  process.env.HOME = fakeHome;
  process.env.USERPROFILE = fakeHome;
  delete process.env.ZDOTDIR;
  delete process.env.XDG_CONFIG_HOME;
  for (const name of ['IONQ_API_KEY', 'QISKIT_IONQ_API_TOKEN', 'CIRQ_IONQ_API_KEY', 'PENNYLANE_IONQ_API_KEY', 'IONQ_API_TOKEN', 'IONQ_API_URL']) delete process.env[name];
}
