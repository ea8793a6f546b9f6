// Names that must not collide between runs (temp files, lock tokens). They need uniqueness, not secrecy:
// files are created with O_EXCL, which catches a collision anyway. So no crypto module at start-up.
let counter = 0;

/** A short string unique to this process and call. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${process.pid.toString(36)}${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
