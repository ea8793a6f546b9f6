import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry under `dir` with its type, mode and exact bytes: equal snapshots mean nothing changed. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const full = join(dir, rel);
    const st = lstatSync(full);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(full)}`;
    else if (st.isDirectory()) {
      if (rel) out[rel] = `dir:${mode}`;
      for (const name of readdirSync(full).sort()) walk(rel ? join(rel, name) : name);
    } else out[rel] = `file:${mode}:${readFileSync(full).toString('base64')}`;
  };
  walk('');
  return out;
}
