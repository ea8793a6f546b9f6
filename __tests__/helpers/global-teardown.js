import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from './rc-guard.js';

export default function globalTeardown() {
  const before = JSON.parse(readFileSync(join(process.env.IONQ_RC_GUARD, 'before.json'), 'utf8'));
  const after = fingerprint();
  const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
  if (changed.length > 0) {
    throw new Error(`The test suite changed files in the real home directory: ${changed.join(', ')}`);
  }
}
