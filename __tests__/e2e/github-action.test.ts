// The GitHub Action as the runner runs it: action.yml is read, every declared input becomes an INPUT_*
// variable (the runner upper-cases the name and keeps its hyphen: INPUT_API-KEY; a missing input gets
// its default), and the runner's own Node starts `runs.main` with GITHUB_ENV and GITHUB_OUTPUT files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, runBuilt, type CliRun } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { expectNoKey } from '../helpers/leak';
import { acceptingKeys, startFakeIonq, type FakeIonq } from '../helpers/fake-ionq';
import { expectKeyOnlyInCommands, githubEnvOf, parseGithubCommand } from '../helpers/ci-runners';

interface ActionYml {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; engines: { node: string } };

let h: TempHome;
let fake: FakeIonq;
let files: { env: string; output: string };
beforeEach(async () => {
  h = await makeTempHome();
  mkdirSync(join(h.home, 'runner'));
  files = { env: join(h.home, 'runner', 'set_env'), output: join(h.home, 'runner', 'set_output') };
  writeFileSync(files.env, '');
  writeFileSync(files.output, '');
  fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'ci-bootstrap', projectId: 'proj-1' } }));
});
afterEach(async () => {
  await fake.close();
  await h.cleanup();
});

/** What the runner does for a node action: INPUT_* from the step's `with:` (or defaults), then node main. */
function runAction(withInputs: Record<string, string>, stepEnv: Record<string, string> = {}): Promise<CliRun> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = withInputs[name] ?? spec.default ?? '';
    inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return runBuilt([], {
    script: join(ROOT, action.runs.main),
    cwd: h.home,
    env: { ...h.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ENV: files.env, GITHUB_OUTPUT: files.output, IONQ_API_URL: fake.url, ...stepEnv, ...inputs },
  });
}

const isMask = (line: string): boolean => line.startsWith('::add-mask::');

describe('the GitHub Action', () => {
  it('action.yml is valid metadata that names the built entry, shipped in the package', () => {
    expect(action.name).toBe('ionq-env-setup');
    expect(Object.keys(action.inputs).sort()).toEqual(['api-key', 'verify']);
    expect(action.inputs.verify!.default).toBe('true');
    expect(Object.keys(action.outputs)).toEqual(['key-name']);
    expect(action.runs.using).toMatch(/^node(20|24)$/);
    expect(action.runs.main).toBe('dist/action.js');
    expect(existsSync(join(ROOT, action.runs.main))).toBe(true);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'action.yml']));
  });

  it('hands a verified key to later steps, masked first, and sets the key-name output', async () => {
    const run = await runAction({ 'api-key': TEST_KEY });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${TEST_KEY}`);
    expectKeyOnlyInCommands(run.stdout, TEST_KEY, isMask);
    expectNoKey(run.stderr, TEST_KEY);
    expect(githubEnvOf(readFileSync(files.env, 'utf8')).get('IONQ_API_KEY')).toBe(TEST_KEY);
    expect(githubEnvOf(readFileSync(files.output, 'utf8')).get('key-name')).toBe('ci-bootstrap');
    expect(fake.requests).toHaveLength(1);
  });

  it('verify: false skips the API and leaves key-name empty', async () => {
    const run = await runAction({ 'api-key': TEST_KEY, verify: 'false' });
    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(githubEnvOf(readFileSync(files.output, 'utf8')).get('key-name')).toBe('');
    expect(githubEnvOf(readFileSync(files.env, 'utf8')).get('IONQ_API_KEY')).toBe(TEST_KEY);
  });

  it('an empty api-key falls back to the step\'s IONQ_API_KEY', async () => {
    const run = await runAction({}, { IONQ_API_KEY: TEST_KEY });
    expect(run.code).toBe(0);
    expect(githubEnvOf(readFileSync(files.env, 'utf8')).get('IONQ_API_KEY')).toBe(TEST_KEY);
  });

  it('a rejected key fails the step (exit 3) with an annotation; no env entry, no output', async () => {
    const bad = 'ionqREVOKEDkey-aaaabbbbccccdddd-2222';
    const run = await runAction({ 'api-key': bad });
    expect(run.code).toBe(3);
    expectKeyOnlyInCommands(run.stdout, bad, isMask);
    expectNoKey(run.stderr, bad);
    const error = run.stdout.split('\n').map(parseGithubCommand).find((c) => c?.command === 'error');
    expect(error?.data).toMatch(/rejected the key …2222/);
    expect(readFileSync(files.env, 'utf8')).toBe('');
    expect(readFileSync(files.output, 'utf8')).toBe('');
  });

  it('a verify input that is not a boolean fails with exit 2 before anything is read', async () => {
    const run = await runAction({ 'api-key': TEST_KEY, verify: 'maybe' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=ionq-env-setup::Input verify must be true or false/m);
    expectNoKey(run.stdout + run.stderr, TEST_KEY);
    expect(readFileSync(files.env, 'utf8')).toBe('');
  });
});
