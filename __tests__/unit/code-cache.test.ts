// The code cache's naming and tidying rules (src/code-cache.ts); the cache at work is in e2e/code-cache.
import { cacheDirFor, cacheFileName, checkedCache, staleCacheFiles, withSample } from '../../src/code-cache';

describe('code cache files', () => {
  it('live beside the package, unless NODE_DISABLE_COMPILE_CACHE is set', () => {
    expect(cacheDirFor('/opt/pkg/dist', {})).toBe('/opt/pkg/.cache/v8');
    expect(cacheDirFor('/opt/pkg/dist', { NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
  });

  it('are named by bundle, build, modification time, command, Node version and CPU', () => {
    expect(cacheFileName('/opt/pkg/dist/app.cjs', '0123456789ab', 1_700_000_000_123.9, 'status', 'v20.19.0', 'x64')).toBe(
      `app-0123456789ab-${(1_700_000_000_123).toString(36)}-status-v20.19.0-x64.v8cache`,
    );
    // Anything unusual in a part cannot make a path of it.
    expect(cacheFileName('/d/yargs.cjs', 'b', 0, '../x', 'v1', 'arm/64')).toBe('yargs-b-0-.._x-v1-arm_64.v8cache');
  });

  it('stale: another build\'s caches, an earlier copy\'s of a loaded bundle, dead runs\' temp files', () => {
    const names = [
      'app-aaaaaaaaaaaa-k1-set-v20.19.0-x64.v8cache',
      'app-aaaaaaaaaaaa-k0-status-v20.19.0-x64.v8cache',
      'app-bbbbbbbbbbbb-k1-set-v20.19.0-x64.v8cache',
      'yargs-aaaaaaaaaaaa-k2-status-v22.1.0-x64.v8cache',
      'shared-X1-aaaaaaaaaaaa-k9-set-v20.19.0-x64.v8cache',
      'app-aaaaaaaaaaaa-k1-set-v20.19.0-x64.v8cache.111.tmp',
      'app-aaaaaaaaaaaa-k1-set-v20.19.0-x64.v8cache.222.tmp',
      'notes.txt',
    ];
    // This run loaded app (modified part k1) only: yargs' and shared-X1's caches are not judged by time.
    expect(staleCacheFiles(names, 'aaaaaaaaaaaa', new Map([['app', 'k1']]), (pid) => pid === 222)).toEqual([
      'app-aaaaaaaaaaaa-k0-status-v20.19.0-x64.v8cache',
      'app-bbbbbbbbbbbb-k1-set-v20.19.0-x64.v8cache',
      'app-aaaaaaaaaaaa-k1-set-v20.19.0-x64.v8cache.111.tmp',
    ]);
  });
});

describe('the check on a cache file', () => {
  const cache = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 251));
  it('a file as written gives back the cache, byte for byte', () => {
    const file = withSample(cache);
    expect(file.length).toBe(10_000 + Math.ceil(10_000 / 256) + 8);
    expect(checkedCache(file)?.equals(cache)).toBe(true);
  });

  it('a file cut short, grown, with a damaged sample of bytes or footer, or empty, is no cache; a whole stretch of 256 damaged bytes always meets a sample', () => {
    const file = withSample(cache);
    expect(checkedCache(file.subarray(0, file.length - 1))).toBeUndefined();
    expect(checkedCache(Buffer.concat([file, Buffer.from([0])]))).toBeUndefined();
    expect(checkedCache(Buffer.alloc(0))).toBeUndefined();
    for (const at of [0, 256 * 20, 256 * 39, file.length - 1, file.length - 6]) {
      const damaged = Buffer.from(file);
      damaged[at] = damaged[at]! ^ 0xff;
      expect(checkedCache(damaged)).toBeUndefined();
    }
    for (const from of [1, 300, 9000]) {
      const damaged = withSample(cache);
      for (let i = from; i < from + 256; i++) damaged[i] = damaged[i]! ^ 0xff;
      expect(checkedCache(damaged)).toBeUndefined();
    }
  });

  it('damage spread over a stretch of the cache is caught (every 7th byte of 2 KB, anywhere)', () => {
    for (const from of [0, 1234, 5000, 7900]) {
      const damaged = withSample(cache);
      for (let i = from; i < from + 2048; i += 7) damaged[i] = damaged[i]! ^ 0x5a;
      expect(checkedCache(damaged)).toBeUndefined();
    }
  });
});
