// `verify` against a real HTTP server on 127.0.0.1 standing in for IonQ: every answer the API can give,
// a hang, a closed port, a malformed body — each with its exit code and message, and never the key.
import { runBuilt, runInProcess } from '../helpers/cli';
import { makeTempHome, type TempHome } from '../helpers/home';
import { TEST_KEY } from '../helpers/keys';
import { acceptingKeys, startFakeIonq, type FakeIonq } from '../helpers/fake-ionq';
import { snapshotDir } from '../helpers/snapshot';

let h: TempHome;
let fake: FakeIonq;
beforeEach(async () => {
  h = await makeTempHome();
  fake = await startFakeIonq(acceptingKeys({ [TEST_KEY]: { keyName: 'laptop', projectId: 'proj-42' } }));
});
afterEach(async () => {
  await fake.close();
  await h.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ ...h.env, IONQ_API_URL: fake.url, ...extra });
const verify = (args: string[], extra: Record<string, string> = {}, stdin = TEST_KEY) =>
  runInProcess(['verify', '--key-stdin', ...args], { env: env(extra), stdin, secrets: [TEST_KEY] });

/** Neither stdout nor stderr may hold the request header (or the key, checked by the run helper). */
const expectNoHeader = (run: { stdout: string; stderr: string }) => {
  expect(run.stdout + run.stderr).not.toMatch(/apiKey /);
  expect(run.stdout + run.stderr).not.toMatch(/Authorization/i);
};

describe('verify', () => {
  it('200: valid, with the key name and project; one GET /whoami with the apiKey header', async () => {
    const run = await verify([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("✔ valid: key 'laptop' (project proj-42) — …zq7w from standard input\n");
    expect(fake.requests).toEqual([{ method: 'GET', path: '/v0.4/whoami', authorization: `apiKey ${TEST_KEY}` }]);
    expectNoHeader(run);
  });

  it('200 --json: the documented schema', async () => {
    const run = await verify(['--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      command: 'verify',
      key: { masked: '…zq7w', source: 'standard input', verified: { keyName: 'laptop', projectId: 'proj-42' } },
      targets: [],
      warnings: [],
      data: { valid: true },
    });
  });

  it('401: invalid or revoked, exit 3', async () => {
    const bad = 'ionqREVOKEDkey-aaaabbbbccccdddd-0000';
    const run = await runInProcess(['verify', '--key-stdin'], { env: env(), stdin: bad, secrets: [bad] });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/IonQ rejected the key …0000: it is not valid, or it was revoked \(HTTP 401\)\./);
    expect(run.stdout).toBe('');
    expectNoHeader(run);
  });

  it('403: authenticated but not permitted, exit 3 (and --json gives the error object)', async () => {
    fake.queue.push({ status: 403, body: '{"error":"forbidden"}' });
    const run = await verify(['--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: { code: 'KEY_FORBIDDEN', message: expect.stringMatching(/recognised the key …zq7w, but it is not permitted .*HTTP 403/), hint: expect.any(String) },
    });
  });

  it('429 then 200: retried once after Retry-After, then valid', async () => {
    fake.queue.push({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const run = await verify([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid: key 'laptop'/);
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('500 twice: could not verify, exit 4, after exactly one retry', async () => {
    fake.queue.push({ status: 500, headers: { 'retry-after': '0' } }, { status: 500 });
    const run = await verify([]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/Could not verify the key …zq7w: the API answered HTTP 500\./);
    expect(fake.requests).toHaveLength(2);
  });

  it('429 with a Retry-After longer than the timeout: no retry, exit 4', async () => {
    fake.queue.push({ status: 429, headers: { 'retry-after': '60' } });
    const run = await verify([]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/rate-limiting requests \(HTTP 429\)/);
    expect(fake.requests).toHaveLength(1);
  });

  it('a server that never answers: exit 4 when the (injected) timeout passes', async () => {
    fake.queue.push({ status: 200, hang: true });
    const started = Date.now();
    const run = await verify([], { IONQ_VERIFY_TIMEOUT_MS: '400' });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/Could not verify the key …zq7w: no answer within 400 ms\./);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a closed port: connection refused, exit 4', async () => {
    await fake.close();
    const run = await verify([]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/the connection was refused/);
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['JSON of another shape', '[1,2,3]'],
    ['null', 'null'],
    ['fields of the wrong type', '{"key_name":42,"project_id":{"x":1}}'],
  ])('a 200 whose body is %s still means valid, without crashing', async (_name, body) => {
    fake.queue.push({ status: 200, body });
    const run = await verify([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid: IonQ did not say which key or project — …zq7w/);
  });

  it('takes the key from --from-env, else from this terminal\'s IONQ_API_KEY', async () => {
    const fromEnv = await runInProcess(['verify', '--from-env', 'MY_SECRET'], { env: env({ MY_SECRET: TEST_KEY }), secrets: [TEST_KEY] });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/from \$MY_SECRET/);
    const current = await runInProcess(['verify'], { env: env({ IONQ_API_KEY: TEST_KEY }), secrets: [TEST_KEY] });
    expect(current.code).toBe(0);
    expect(current.stdout).toMatch(/from \$IONQ_API_KEY/);
  });

  it('with no key anywhere and no terminal: exit 2 naming --key-stdin and --from-env, no request made', async () => {
    const run = await runInProcess(['verify'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No key to verify/);
    expect(run.stderr).toMatch(/--key-stdin/);
    expect(run.stderr).toMatch(/--from-env/);
    expect(fake.requests).toEqual([]);
  });

  it('a key refused by local validation: exit 2, no request made', async () => {
    const run = await runInProcess(['verify', '--key-stdin'], { env: env(), stdin: 'has a space inside' });
    expect(run.code).toBe(2);
    expect(fake.requests).toEqual([]);
  });

  it('writes nothing', async () => {
    const before = snapshotDir(h.home);
    await verify([]);
    expect(snapshotDir(h.home)).toEqual(before);
  });
});

describe('verify in the built CLI', () => {
  it('honours IONQ_VERIFY_TIMEOUT_MS and exits 4 on a hang, quickly', async () => {
    fake.queue.push({ status: 200, hang: true });
    const started = Date.now();
    const run = await runBuilt(['verify'], { env: env({ IONQ_API_KEY: TEST_KEY, IONQ_VERIFY_TIMEOUT_MS: '300' }), secrets: [TEST_KEY] });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('valid key through the bundle, key absent from output', async () => {
    const run = await runBuilt(['verify', '--key-stdin'], { env: env(), input: TEST_KEY + '\n', secrets: [TEST_KEY] });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid: key 'laptop' \(project proj-42\)/);
  });

  it('--help lists status, remove and verify; each has its own help', async () => {
    const help = await runBuilt(['--help'], { env: h.env });
    for (const command of ['status', 'remove', 'verify']) expect(help.stdout).toMatch(new RegExp(`ionq-env-setup ${command}`));
    const removeHelp = await runBuilt(['remove', '--help'], { env: h.env });
    expect(removeHelp.code).toBe(0);
    for (const option of ['--shell', '--profile', '--dry-run', '--yes']) expect(removeHelp.stdout).toContain(option);
    expect(removeHelp.stdout).toMatch(/does not revoke the key/);
    const verifyHelp = await runBuilt(['verify', '--help'], { env: h.env });
    expect(verifyHelp.stdout).toContain('IONQ_VERIFY_TIMEOUT_MS');
  });
});
