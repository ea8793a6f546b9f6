// Pure parts of the CI channels: detection, target choice, the text each runner reads (checked with
// parsers that follow the runners' own rules), and the narrow unredacted channel.
import fc from 'fast-check';
import { detectCi } from '../../src/detect/ci';
import { resolveTarget } from '../../src/plans/set-request';
import { azureSetSecretCommand, escapeAzureData, githubErrorCommand, githubMaskCommand, isKeyCarryingCommand } from '../../src/targets/ci/commands';
import { newGithubDelimiter, planGithubEnv, renderGithubFileEntry } from '../../src/targets/ci/github-actions';
import { planBashEnv } from '../../src/targets/ci/circleci';
import { dotenvLine } from '../../src/targets/shell/dotenv';
import { ciChannelOver, writeKeyCarryingCommand } from '../../src/targets/ci/channel';
import { noChannelError } from '../../src/targets/ci/no-channel';
import { actionInvocation, inputVariable } from '../../src/api/action';
import { thrownBy } from '../helpers/cli-error';
import { AWKWARD_KEYS, TEST_KEY } from '../helpers/keys';
import { githubEnvOf, parseAzureCommand, parseGithubCommand, parseGithubFile } from '../helpers/ci-runners';

describe('CI detection', () => {
  it.each([
    [{ GITHUB_ACTIONS: 'true', GITHUB_ENV: '/w/env' }, ['/w/env'], 'github'],
    [{ GITHUB_ACTIONS: 'true', GITHUB_ENV: '/w/env' }, [], 'generic'],
    [{ GITHUB_ACTIONS: 'true', CI: 'true' }, [], 'generic'],
    [{ TF_BUILD: 'True' }, [], 'azure'],
    [{ CIRCLECI: 'true', BASH_ENV: '/tmp/.bash_env' }, [], 'circleci'],
    [{ CIRCLECI: 'true', CI: 'true' }, [], 'generic'],
    [{ GITLAB_CI: 'true', CI: 'true' }, [], 'gitlab'],
    [{ JENKINS_URL: 'http://j/' }, [], 'generic'],
    [{ CI: 'true' }, [], 'generic'],
    [{ CI: '0' }, [], undefined],
  ])('detectCi(%j) with files %j = %s', (env, files, expected) => {
    expect(detectCi(env, (f) => (files as string[]).includes(f))).toBe(expected);
  });
});

describe('--target auto', () => {
  it('picks the CI channel where one exists', () => {
    expect(resolveTarget('auto', { os: 'linux', ci: 'github' })).toBe('github');
    expect(resolveTarget(undefined, { os: 'windows', ci: 'azure' })).toBe('azure');
    expect(resolveTarget('auto', { os: 'darwin', ci: 'circleci' })).toBe('circleci');
  });

  it('stops with exit 2 and the choices in a CI without a channel', () => {
    for (const ci of ['gitlab', 'generic'] as const) {
      const e = thrownBy(() => resolveTarget('auto', { os: 'linux', ci, env: ci === 'gitlab' ? { GITLAB_CI: 'true' } : { CI: 'true' } }));
      expect(e.exitCode).toBe(2);
      expect(e.code).toBe('NO_CI_CHANNEL');
      expect(e.hint).toMatch(/--dotenv/);
      expect(e.hint).toMatch(/set -a && \. \.\/ionq\.env/);
      expect(e.hint).toMatch(/--target shell/);
    }
  });

  it('--target shell still means shell files in CI; --dotenv means dotenv anywhere', () => {
    expect(resolveTarget('shell', { os: 'linux', ci: 'gitlab' })).toBe('shell');
    expect(resolveTarget('auto', { os: 'linux', ci: 'gitlab' }, 'x.env')).toBe('dotenv');
    expect(resolveTarget('dotenv', { os: 'linux' }, 'x.env')).toBe('dotenv');
    expect(() => resolveTarget('dotenv', { os: 'linux' })).toThrow(/--dotenv PATH/);
    expect(() => resolveTarget('github', { os: 'linux' }, 'x.env')).toThrow(/does not go with --target github/);
  });

  it('explains a GitHub job whose GITHUB_ENV is missing in its own terms', () => {
    expect(noChannelError('generic', { GITHUB_ACTIONS: 'true' }).message).toMatch(/GITHUB_ENV does not name a file/);
  });
});

describe('$GITHUB_ENV entries', () => {
  it('every awkward key reads back exactly through the runner\'s parser', () => {
    for (const key of AWKWARD_KEYS) {
      const change = planGithubEnv('/w/env', key, newGithubDelimiter());
      expect(githubEnvOf('EARLIER=1\n' + change.text).get('IONQ_API_KEY')).toBe(key);
      expect(change.text.endsWith('\n')).toBe(true);
      expect(change.text).not.toContain('\r');
    }
  });

  it('uses a fresh ghadelimiter_<uuid> each time', () => {
    const a = newGithubDelimiter();
    const b = newGithubDelimiter();
    expect(a).toMatch(/^ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });

  it('refuses a key that contains the delimiter', () => {
    const delimiter = newGithubDelimiter();
    expect(() => renderGithubFileEntry('IONQ_API_KEY', `x${delimiter}y`, delimiter)).toThrow(/delimiter/);
  });

  it('a NAME=value line cannot be smuggled in by any printable key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !/[\s\p{Cc}\p{Cf}]/u.test(s)), (key) => {
        const parsed = parseGithubFile(planGithubEnv('/w/env', key, newGithubDelimiter()).text);
        expect(parsed).toEqual([['IONQ_API_KEY', key]]);
      }),
    );
  });
});

describe('logging commands', () => {
  it('add-mask carries exactly the key to GitHub\'s runner, even a key holding %0A or %25', () => {
    for (const key of [...AWKWARD_KEYS, 'a%0Ab%25c%0Dd-TEST', '%%%TEST']) {
      const parsed = parseGithubCommand(githubMaskCommand(key));
      expect(parsed).toEqual({ command: 'add-mask', properties: {}, data: key });
    }
  });

  it('the Azure secret variable carries exactly the key, with or without sequences the agent decodes', () => {
    for (const key of [...AWKWARD_KEYS, 'a%0Ab%3Bc%5Dd%AZP25e-TEST', 'semi;colon]bracket-TEST']) {
      const parsed = parseAzureCommand(azureSetSecretCommand(key));
      expect(parsed).toEqual({ command: 'task.setvariable', properties: { variable: 'IONQ_API_KEY', issecret: 'true' }, data: key });
    }
    // A value without decodable sequences is written as it is (right whatever DECODE_PERCENTS says).
    expect(escapeAzureData('%PATH%TEST-0009%')).toBe('%PATH%TEST-0009%');
  });

  it('an error annotation keeps a multi-line message on one line', () => {
    const line = githubErrorCommand('first\nsecond 100%');
    expect(line).not.toContain('\n');
    expect(parseGithubCommand(line)?.data).toBe('first\nsecond 100%');
  });

  it('CircleCI gets one export line in POSIX quoting; dotenv a NAME=value line', () => {
    expect(planBashEnv('/tmp/b', "it's", false)).toMatchObject({ status: 'created', createMode: 0o600, text: "export IONQ_API_KEY='it'\\''s'\n" });
    expect(dotenvLine(TEST_KEY)).toBe(`IONQ_API_KEY=${TEST_KEY}`);
    expect(dotenvLine('a#b')).toBe("IONQ_API_KEY='a#b'");
  });
});

describe('the unredacted CI channel', () => {
  it('accepts only the key-carrying commands, one line each', () => {
    const written: string[] = [];
    const channel = ciChannelOver({ write: (t) => void written.push(t) });
    channel.write(githubMaskCommand(TEST_KEY));
    channel.write(azureSetSecretCommand(TEST_KEY) + '\n');
    expect(written).toEqual([`::add-mask::${TEST_KEY}\n`, `##vso[task.setvariable variable=IONQ_API_KEY;issecret=true]${TEST_KEY}\n`]);
    for (const bad of [TEST_KEY, `note ${TEST_KEY}`, `::add-mask::${TEST_KEY}\nleak ${TEST_KEY}`, `::error::${TEST_KEY}`, `##vso[task.setvariable variable=OTHER;issecret=true]${TEST_KEY}`]) {
      expect(() => channel.write(bad)).toThrow(/Refused/);
      expect(isKeyCarryingCommand(bad)).toBe(false);
    }
    expect(written).toHaveLength(2);
    expect(() => writeKeyCarryingCommand({ stdout: { isTTY: false, write: () => undefined } }, `plain ${TEST_KEY}`)).toThrow(/Refused/);
  });
});

describe('the GitHub Action\'s inputs', () => {
  it('follow the runner\'s INPUT_ naming and map onto set --target github', () => {
    expect(inputVariable('api-key')).toBe('INPUT_API-KEY');
    const inv = actionInvocation({ 'INPUT_API-KEY': TEST_KEY, INPUT_VERIFY: 'false' });
    expect(inv.argv).toEqual(['set', '--target', 'github', '--from-env', 'INPUT_API_KEY', '--no-verify']);
    expect(inv.env.INPUT_API_KEY).toBe(TEST_KEY);
    expect(inv.argv.join(' ')).not.toContain(TEST_KEY);
    expect(actionInvocation({ 'INPUT_API-KEY': '', INPUT_VERIFY: 'true' }).argv).toEqual(['set', '--target', 'github', '--verify']);
    expect(() => actionInvocation({ INPUT_VERIFY: 'yes' })).toThrow(/true or false/);
  });
});
