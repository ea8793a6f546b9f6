// The fast path reads plainly valid command lines without yargs. It must agree with yargs on every line
// it accepts, and hand everything else to yargs (which explains errors and prints help).
import fc from 'fast-check';
import { fastParse } from '../../src/fast-parse';
import { parseWithYargs } from '../../src/cli';
import { COMMANDS, GLOBAL_OPTIONS } from '../../src/cli-spec';

/** yargs' answer in the same shape as the fast path's, or 'error' / 'output' (help, version). */
async function viaYargs(argv: string[]): Promise<{ command: string; args: Record<string, unknown> } | 'error' | 'output'> {
  try {
    const parsed = await parseWithYargs(argv);
    if ('output' in parsed) return 'output';
    const names = [...parsed.command.options, ...GLOBAL_OPTIONS].map((o) => o.name);
    const args: Record<string, unknown> = {};
    for (const name of names) if ((parsed.args as Record<string, unknown>)[name] !== undefined) args[name] = (parsed.args as Record<string, unknown>)[name];
    return { command: parsed.command.name, args };
  } catch {
    return 'error';
  }
}

function viaFast(argv: string[]) {
  const fast = fastParse(argv);
  return fast ? { command: fast.command.name, args: fast.args as Record<string, unknown> } : undefined;
}

describe('the fast path agrees with yargs', () => {
  it.each([
    [[]],
    [['--key-stdin']],
    [['set', '--key-stdin', '--shell', 'zsh']],
    [['--key-stdin', '--shell', 'zsh,fish', '--force', '--json']],
    [['--from-env', 'IONQ_SECRET', '--target', 'github', '--no-verify']],
    [['--from-env=IONQ_SECRET', '--dotenv', 'ci.env']],
    [['--key-stdin', '--shell', 'bash', '--shell', 'zsh']],
    [['--key-stdin', '-y', '--dry-run', '--no-color']],
    [['--profile', '/tmp/x.fish', '--key-stdin']],
    [['status']],
    [['status', '--json', '--verify']],
    [['remove', '--shell', 'zsh', '--dry-run', '--yes']],
    [['remove', '--target', 'windows']],
    [['verify', '--from-env', 'K']],
  ])('%j', async (argv) => {
    const fast = viaFast(argv);
    expect(fast).toBeDefined();
    expect(await viaYargs(argv)).toEqual(fast);
  });

  it.each([
    [['--help']],
    [['status', '-h']],
    [['--version']],
    [['--frobnicate']],
    [['--from-env']],
    [['--target', 'nowhere']],
    [['status', '--key-stdin']],
    [['remove', '--target', 'github']],
    [['extra-word']],
    [['--key-stdin', '--', 'x']],
    [['--profile', 'a', '--profile', 'b']],
    [['-x']],
  ])('%j is left to yargs', async (argv) => {
    expect(viaFast(argv)).toBeUndefined();
    expect(await viaYargs(argv)).not.toEqual(expect.objectContaining({ command: expect.any(String) }) && undefined);
  });

  it('for random command lines, whatever the fast path accepts, yargs reads the same way', async () => {
    const tokens = fc.constantFrom(
      ...COMMANDS.map((c) => c.name),
      '--key-stdin', '--no-key-stdin', '--from-env', '--key', '--shell', '--profile', '--target', '--dotenv', '--verify', '--no-verify',
      '--force', '--dry-run', '--yes', '-y', '--json', '--color', '--no-color', '--store', '--help', '-h',
      'zsh', 'bash,fish', 'all', 'separate', 'inline', 'github', 'shell', 'auto', 'NAME', '/tmp/p', '', '=', '--shell=zsh', '--target=shell', '--from-env=X', 'true', 'false',
      '-yh', '--json=true', '--yes=false', '--no-json', '--dry-run=1', '-', '--Shell', '--keyStdin', '--dryRun', '--from-env=', 'status=x', '-yy',
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(tokens, { maxLength: 7 }), async (argv) => {
        const fast = viaFast(argv);
        if (fast === undefined) return;
        accepted++;
        expect(await viaYargs(argv)).toEqual(fast);
      }),
      { numRuns: Number(process.env.IONQ_FAST_PARSE_RUNS ?? 600) },
    );
    // The property must have exercised the fast path, not only its refusals.
    expect(accepted).toBeGreaterThan(50);
  });
});
