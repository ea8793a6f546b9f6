import { mkdtemp, rm } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempHome {
  home: string;
  /** A minimal environment for the CLI or a shell with this home (no key variables). */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A fresh home directory under the system temp dir; never the real one. */
export async function makeTempHome(prefix = 'ionq-home-'): Promise<TempHome> {
  const home = realpathSync(await mkdtemp(join(tmpdir(), prefix)));
  return {
    home,
    env: {
      HOME: home,
      USERPROFILE: home,
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TERM: 'dumb',
      // Never the real IonQ API from a test: a closed local port unless a test starts its stand-in.
      IONQ_API_URL: 'http://127.0.0.1:9/v0.4',
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}
