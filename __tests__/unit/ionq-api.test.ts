// The one network call (src/key/ionq-api.ts), in-process with a scripted fetch: the request it makes, what
// each answer means, the one retry, the deadline, and the words for each network failure.
import { getEventListeners } from 'node:events';
import { jest } from '@jest/globals';
import { apiBase, verifyKey } from '../../src/key/ionq-api';

type Answer = Response | Error | 'hang' | ((init: RequestInit) => Response);
interface Request {
  url: string;
  init: RequestInit;
}

/** A fetch that gives the scripted answers in turn (the last one again when they run out), and records each request. */
function scriptedFetch(...answers: Answer[]): { fetch: typeof fetch; requests: Request[]; times: number[] } {
  const requests: Request[] = [];
  const times: number[] = [];
  const fetchStub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    requests.push({ url: String(input), init: init ?? {} });
    times.push(Date.now());
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      });
    }
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(init ?? {}) : answer;
  };
  return { fetch: fetchStub as typeof fetch, requests, times };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const networkError = (code?: string) => Object.assign(new TypeError('fetch failed'), code ? { cause: Object.assign(new Error(code), { code }) } : {});

const KEY = 'ionqTESTkey-1234';

describe('apiBase', () => {
  it.each([
    [{}, 'https://api.ionq.co/v0.4'],
    [{ IONQ_API_URL: '' }, 'https://api.ionq.co/v0.4'],
    [{ IONQ_API_URL: '   ' }, 'https://api.ionq.co/v0.4'],
    [{ IONQ_API_URL: ' http://127.0.0.1:8080/v0.4 ' }, 'http://127.0.0.1:8080/v0.4'],
    [{ IONQ_API_URL: 'https://proxy.example/v0.4///' }, 'https://proxy.example/v0.4'],
  ])('%j → %s', (env, base) => {
    expect(apiBase(env)).toBe(base);
  });
});

describe('verifyKey', () => {
  it('sends one GET to {base}/whoami with the key only in the Authorization header, following no redirect', async () => {
    const api = scriptedFetch(json(200, {}));
    await verifyKey({ fetch: api.fetch, env: { IONQ_API_URL: 'https://proxy.example/v0.4/' } }, KEY);
    expect(api.requests).toHaveLength(1);
    const [{ url, init }] = api.requests as [Request];
    expect(url).toBe('https://proxy.example/v0.4/whoami');
    expect(url).not.toContain(KEY);
    expect({ method: init.method, redirect: init.redirect, headers: init.headers }).toEqual({
      method: 'GET',
      redirect: 'error',
      headers: { Authorization: `apiKey ${KEY}`, Accept: 'application/json', 'User-Agent': 'ionq-env-setup' },
    });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('200: valid, with what IonQ said about the key', async () => {
    const body = { key_name: 'laptop', project_id: 'proj-42', project_name: 'Research' };
    expect(await verifyKey({ fetch: scriptedFetch(json(200, body)).fetch, env: {} }, KEY)).toStrictEqual({
      kind: 'valid',
      keyName: 'laptop',
      projectId: 'proj-42',
      projectName: 'Research',
    });
  });

  it('200 with the other documented shape: name, and the project as an object', async () => {
    const body = { name: 'ci-key', project: { id: 'p-7', name: 'Lab' } };
    expect(await verifyKey({ fetch: scriptedFetch(json(200, body)).fetch, env: {} }, KEY)).toEqual({ kind: 'valid', keyName: 'ci-key', projectId: 'p-7', projectName: 'Lab' });
  });

  it('200: the flat fields win over the nested ones', async () => {
    const body = { key_name: 'a', name: 'b', project_id: 'c', project_name: 'd', project: { id: 'e', name: 'f' } };
    expect(await verifyKey({ fetch: scriptedFetch(json(200, body)).fetch, env: {} }, KEY)).toEqual({ kind: 'valid', keyName: 'a', projectId: 'c', projectName: 'd' });
  });

  it('200: empty, overlong or non-text fields are left out', async () => {
    const body = { key_name: '', name: 'x'.repeat(200), project_id: 42, project: { id: null, name: 'y'.repeat(199) } };
    expect(await verifyKey({ fetch: scriptedFetch(json(200, body)).fetch, env: {} }, KEY)).toStrictEqual({ kind: 'valid', projectName: 'y'.repeat(199) });
    expect(await verifyKey({ fetch: scriptedFetch(json(200, { key_name: 'k' })).fetch, env: {} }, KEY)).toStrictEqual({ kind: 'valid', keyName: 'k' });
    expect(await verifyKey({ fetch: scriptedFetch(json(200, { project_id: 'p' })).fetch, env: {} }, KEY)).toStrictEqual({ kind: 'valid', projectId: 'p' });
  });

  it('200: an empty flat field does not hide the other shape', async () => {
    const body = { key_name: '', name: 'laptop', project_id: '', project_name: '', project: { id: 'p1', name: 'Lab' } };
    expect(await verifyKey({ fetch: scriptedFetch(json(200, body)).fetch, env: {} }, KEY)).toStrictEqual({ kind: 'valid', keyName: 'laptop', projectId: 'p1', projectName: 'Lab' });
  });

  it.each([
    ['not JSON', 'OK'],
    ['JSON null', 'null'],
    ['a JSON string', '"hello"'],
    ['a JSON array', '[1,2]'],
    ['a project that is null', '{"project": null}'],
    ['a project that is text', '{"project": "p"}'],
  ])('200 whose body is %s: still valid (the key was accepted), saying nothing more', async (_name, body) => {
    expect(await verifyKey({ fetch: scriptedFetch(json(200, body)).fetch, env: {} }, KEY)).toStrictEqual({ kind: 'valid' });
  });

  it('200 with a project that is null: what else it said is kept', async () => {
    expect(await verifyKey({ fetch: scriptedFetch(json(200, { key_name: 'k', project: null })).fetch, env: {} }, KEY)).toStrictEqual({ kind: 'valid', keyName: 'k' });
  });

  it('401: invalid; 403: forbidden; neither retried', async () => {
    const a = scriptedFetch(json(401, { error: 'bad key' }));
    expect(await verifyKey({ fetch: a.fetch, env: {} }, KEY)).toEqual({ kind: 'invalid', status: 401 });
    expect(a.requests).toHaveLength(1);
    const b = scriptedFetch(json(403, {}));
    expect(await verifyKey({ fetch: b.fetch, env: {} }, KEY)).toEqual({ kind: 'forbidden', status: 403 });
    expect(b.requests).toHaveLength(1);
  });

  it.each([429, 500, 502, 599])('%i then 200: retried once after Retry-After, then valid', async (status) => {
    const api = scriptedFetch(json(status, {}, { 'retry-after': '0' }), json(200, { key_name: 'k' }));
    expect(await verifyKey({ fetch: api.fetch, env: {} }, KEY, 5000)).toEqual({ kind: 'valid', keyName: 'k' });
    expect(api.requests).toHaveLength(2);
  });

  it('an HTTP date in the past as Retry-After: retried at once', async () => {
    const api = scriptedFetch(json(503, {}, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }), json(200, {}));
    const started = Date.now();
    expect((await verifyKey({ fetch: api.fetch, env: {} }, KEY, 5000)).kind).toBe('valid');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('waits as long as Retry-After says', async () => {
    const api = scriptedFetch(json(503, {}, { 'retry-after': '0.3' }), json(200, {}));
    expect((await verifyKey({ fetch: api.fetch, env: {} }, KEY, 5000)).kind).toBe('valid');
    expect(api.times[1]! - api.times[0]!).toBeGreaterThanOrEqual(290);
  });

  it('an HTTP date in the future as Retry-After: waits until then', async () => {
    const when = new Date(Date.now() + 1500).toUTCString(); // whole seconds: 0.5 to 1.5 s from now
    const api = scriptedFetch(json(503, {}, { 'retry-after': when }), json(200, {}));
    expect((await verifyKey({ fetch: api.fetch, env: {} }, KEY, 5000)).kind).toBe('valid');
    expect(api.times[1]! - api.times[0]!).toBeGreaterThanOrEqual(400);
  });

  it('no (or an unreadable) Retry-After: waits 1 s, if that fits the deadline', async () => {
    const fits = scriptedFetch(json(500, {}, { 'retry-after': 'soon' }), json(200, {}));
    expect((await verifyKey({ fetch: fits.fetch, env: {} }, KEY, 1600)).kind).toBe('valid');
    expect(fits.times[1]! - fits.times[0]!).toBeGreaterThanOrEqual(990);
    const tight = scriptedFetch(json(500, {}), json(200, {}));
    expect(await verifyKey({ fetch: tight.fetch, env: {} }, KEY, 1400)).toEqual({ kind: 'unavailable', reason: 'the API answered HTTP 500' });
    expect(tight.requests).toHaveLength(1);
  });

  it.each([
    ['Infinity', 'unreadable: the 1 s default, which fits'],
    ['-1e3', 'negative: unreadable, the 1 s default'],
  ])('Retry-After %j is %s', async (header) => {
    const api = scriptedFetch(json(500, {}, { 'retry-after': header }), json(200, {}));
    expect((await verifyKey({ fetch: api.fetch, env: {} }, KEY, 1600)).kind).toBe('valid');
    expect(api.times[1]! - api.times[0]!).toBeGreaterThanOrEqual(990);
  });

  it('Retry-After "0x0" is 0 seconds: retried at once', async () => {
    const api = scriptedFetch(json(500, {}, { 'retry-after': '0x0' }), json(200, {}));
    expect((await verifyKey({ fetch: api.fetch, env: {} }, KEY, 1400)).kind).toBe('valid');
  });

  it('a Retry-After that ends within half a second of the deadline: not retried', async () => {
    const api = scriptedFetch(json(429, {}, { 'retry-after': '1' }), json(200, {}));
    expect(await verifyKey({ fetch: api.fetch, env: {} }, KEY, 1400)).toEqual({ kind: 'unavailable', reason: 'the API is rate-limiting requests (HTTP 429)' });
    expect(api.requests).toHaveLength(1);
  });

  it('a Retry-After that ends exactly half a second before the deadline: not retried (the margin is kept)', async () => {
    // The clock stands still, so the deadline is exactly 2 s after the request and the wait exactly 1.5 s.
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    try {
      const api = scriptedFetch(json(503, {}, { 'retry-after': '1.5' }), json(200, {}));
      expect(await verifyKey({ fetch: api.fetch, env: {} }, KEY, 2000)).toEqual({ kind: 'unavailable', reason: 'the API answered HTTP 503' });
      expect(api.requests).toHaveLength(1);
      const sooner = scriptedFetch(json(503, {}, { 'retry-after': '1.499' }), json(200, {}));
      expect((await verifyKey({ fetch: sooner.fetch, env: {} }, KEY, 2000)).kind).toBe('valid');
    } finally {
      now.mockRestore();
    }
  });

  it('failing twice: unavailable after exactly one retry', async () => {
    const api = scriptedFetch(json(503, {}, { 'retry-after': '0' }));
    expect(await verifyKey({ fetch: api.fetch, env: {} }, KEY, 5000)).toEqual({ kind: 'unavailable', reason: 'the API answered HTTP 503' });
    expect(api.requests).toHaveLength(2);
    const limited = scriptedFetch(json(429, {}, { 'retry-after': '0' }));
    expect(await verifyKey({ fetch: limited.fetch, env: {} }, KEY, 5000)).toEqual({ kind: 'unavailable', reason: 'the API is rate-limiting requests (HTTP 429)' });
  });

  it.each([404, 418, 499, 600])('%i: unavailable at once, not retried', async (status) => {
    // Response refuses a status over 599; a server may still send one.
    const answer = status === 600 ? ({ status, headers: new Headers(), body: null } as unknown as Response) : new Response('', { status });
    const api = scriptedFetch(answer, json(200, {}));
    expect(await verifyKey({ fetch: api.fetch, env: {} }, KEY, 5000)).toEqual({ kind: 'unavailable', reason: `the API answered HTTP ${status}` });
    expect(api.requests).toHaveLength(1);
  });

  it.each([
    ['ECONNREFUSED', 'the connection was refused'],
    ['ENOTFOUND', 'the API host could not be found (no network or DNS?)'],
    ['EAI_AGAIN', 'the API host could not be found (no network or DNS?)'],
    ['ECONNRESET', 'the connection was reset'],
    ['CERT_HAS_EXPIRED', 'network error (CERT_HAS_EXPIRED)'],
    [undefined, 'network error'],
  ])('a network failure (%s): unavailable, in words', async (code, reason) => {
    expect(await verifyKey({ fetch: scriptedFetch(networkError(code)).fetch, env: {} }, KEY)).toEqual({ kind: 'unavailable', reason });
  });

  it('a cause whose code is not text, or a failure that is not an object: "network error"', async () => {
    const odd = Object.assign(new TypeError('fetch failed'), { cause: { code: 7 } });
    expect(await verifyKey({ fetch: scriptedFetch(odd).fetch, env: {} }, KEY)).toEqual({ kind: 'unavailable', reason: 'network error' });
    const weird = (async () => Promise.reject('boom')) as unknown as typeof fetch;
    expect(await verifyKey({ fetch: weird, env: {} }, KEY)).toEqual({ kind: 'unavailable', reason: 'network error' });
    const empty = (async () => Promise.reject(null)) as unknown as typeof fetch;
    expect(await verifyKey({ fetch: empty, env: {} }, KEY)).toEqual({ kind: 'unavailable', reason: 'network error' });
    const nullCause = Object.assign(new TypeError('fetch failed'), { cause: null });
    expect(await verifyKey({ fetch: scriptedFetch(nullCause).fetch, env: {} }, KEY)).toEqual({ kind: 'unavailable', reason: 'network error' });
  });

  it('no answer: unavailable when the timeout passes, in ms below a second', async () => {
    const started = Date.now();
    expect(await verifyKey({ fetch: scriptedFetch('hang').fetch, env: {} }, KEY, 120)).toEqual({ kind: 'unavailable', reason: 'no answer within 120 ms' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a timeout in whole seconds is said in seconds (rounded)', async () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(await verifyKey({ fetch: scriptedFetch(timeout).fetch, env: {} }, KEY, 1000)).toEqual({ kind: 'unavailable', reason: 'no answer within 1 s' });
    expect(await verifyKey({ fetch: scriptedFetch(timeout).fetch, env: {} }, KEY, 2600)).toEqual({ kind: 'unavailable', reason: 'no answer within 3 s' });
    expect(await verifyKey({ fetch: scriptedFetch(timeout).fetch, env: {} }, KEY, 999)).toEqual({ kind: 'unavailable', reason: 'no answer within 999 ms' });
  });

  it.each([
    [undefined, 'no answer within 10 s'],
    ['250', 'no answer within 250 ms'],
    [' 250 ', 'no answer within 250 ms'],
    ['1', 'no answer within 1 ms'],
    ['600000', 'no answer within 600 s'],
    ['0', 'no answer within 10 s'],
    ['600001', 'no answer within 10 s'],
    ['2.5', 'no answer within 10 s'],
    ['-5', 'no answer within 10 s'],
    ['5s', 'no answer within 10 s'],
    ['', 'no answer within 10 s'],
  ])('IONQ_VERIFY_TIMEOUT_MS=%j: the timeout used is what the failure says', async (value, reason) => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const env = value === undefined ? {} : { IONQ_VERIFY_TIMEOUT_MS: value };
    expect(await verifyKey({ fetch: scriptedFetch(timeout).fetch, env }, KEY)).toEqual({ kind: 'unavailable', reason });
  });

  it('the deadline holds for the body too: headers, then a stalled body, is unavailable', async () => {
    // As with a real fetch, aborting the request errors its body.
    const stalled = (init: RequestInit) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (c) => init.signal?.addEventListener('abort', () => c.error(init.signal!.reason)),
        }),
        { status: 200 },
      );
    const result = await verifyKey({ fetch: scriptedFetch(stalled).fetch, env: {} }, KEY, 150);
    expect(result).toEqual({ kind: 'unavailable', reason: 'no answer within 150 ms' });
  });

  it('a body that arrives in time is read', async () => {
    const slow = new Response(
      new ReadableStream<Uint8Array>({
        start: (c) => {
          setTimeout(() => {
            c.enqueue(new TextEncoder().encode('{"key_name":"late"}'));
            c.close();
          }, 30);
        },
      }),
      { status: 200 },
    );
    expect(await verifyKey({ fetch: scriptedFetch(slow).fetch, env: {} }, KEY, 2000)).toEqual({ kind: 'valid', keyName: 'late' });
  });

  it('cancelled (Ctrl+C) while waiting: the request is aborted at once', async () => {
    const cancel = new AbortController();
    const started = Date.now();
    setTimeout(() => cancel.abort(), 50);
    const result = await verifyKey({ fetch: scriptedFetch('hang').fetch, env: {} }, KEY, 10_000, cancel.signal);
    expect(result).toEqual({ kind: 'unavailable', reason: 'no answer within 10 s' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leaves nothing behind: no timer (it would keep the CLI alive for the whole timeout), no listener on the cancel signal', async () => {
    const cancel = new AbortController();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    try {
      expect(await verifyKey({ fetch: scriptedFetch(json(401, {})).fetch, env: {} }, KEY, 60_000, cancel.signal)).toEqual({ kind: 'invalid', status: 401 });
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    cancel.abort();
  });
});
