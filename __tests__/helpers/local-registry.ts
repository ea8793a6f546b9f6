// Typed access to scripts/local-registry.mjs (plain JS, no type declarations): the real npm registry on
// 127.0.0.1 and the packing of the package as `npm publish` would upload it. Imports nothing from src/, so
// tests of what `npm pack` ships can use it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface NpxRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}
export interface Registry {
  url: string;
  npmrc: string;
  stop(): Promise<void>;
}
/** The part of scripts/local-registry.mjs the tests use. */
export interface LocalRegistry {
  ensureVerdaccio(): Promise<string>;
  startRegistry(options: { dir: string }): Promise<Registry>;
  publish(registry: Registry, tgzPath: string): Promise<void>;
  packPackage(dir: string, destination: string): Promise<{ tarball: string; files: number }>;
  npx(registry: Registry, options: { args: string[]; cwd: string; cache: string; env: Record<string, string>; input?: string }): Promise<NpxRun>;
}

export async function localRegistry(): Promise<LocalRegistry> {
  // A computed path, so TypeScript does not look for declarations of the .mjs file.
  const modulePath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'local-registry.mjs');
  return (await import(modulePath)) as LocalRegistry;
}
