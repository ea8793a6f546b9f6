// The IonQ API's whoami endpoint, used to check a key before it is saved. The key travels only in the
// Authorization header; neither headers nor response bodies are ever printed.
import type { System } from '../platform/system';

const DEFAULT_API_BASE = 'https://api.ionq.co/v0.4';
const VERIFY_TIMEOUT_MS = 10_000;
/** Overrides the timeout (milliseconds): for tests, and for very slow networks. */
const TIMEOUT_VARIABLE = 'IONQ_VERIFY_TIMEOUT_MS';

/** What IonQ says about an accepted key (each part only when it said so). */
export interface KeyIdentity {
  keyName?: string;
  projectId?: string;
  projectName?: string;
}

export type VerifyOutcome =
  | ({ kind: 'valid' } & KeyIdentity)
  | { kind: 'invalid'; status: 401 }
  | { kind: 'forbidden'; status: 403 }
  | { kind: 'unavailable'; reason: string };

export function apiBase(env: Readonly<Record<string, string | undefined>>): string {
  const raw = env.IONQ_API_URL?.trim();
  return (raw ? raw : DEFAULT_API_BASE).replace(/\/+$/, '');
}

/** The verify timeout: IONQ_VERIFY_TIMEOUT_MS when it is a whole number from 1 to 600000, else 10 s. */
function verifyTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[TIMEOUT_VARIABLE]?.trim();
  if (!raw || !/^\d+$/.test(raw)) return VERIFY_TIMEOUT_MS;
  const ms = Number(raw);
  return ms >= 1 && ms <= 600_000 ? ms : VERIFY_TIMEOUT_MS;
}

const RETRYABLE = (status: number): boolean => status === 429 || (status >= 500 && status <= 599);

/** Seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * GET {base}/whoami; one retry on 429/5xx when Retry-After (or a short default) fits in the timeout.
 * `cancel` (the user pressed Ctrl+C) aborts the request so nothing keeps the process waiting.
 */
export async function verifyKey(
  sys: Pick<System, 'fetch' | 'env'>,
  key: string,
  timeoutMs = verifyTimeoutMs(sys.env),
  cancel?: AbortSignal,
): Promise<VerifyOutcome> {
  const url = `${apiBase(sys.env)}/whoami`;
  const deadline = Date.now() + timeoutMs;
  // One controller for the deadline and the user's cancel, aborted by a plain timer. Not
  // AbortSignal.any([AbortSignal.timeout(…), cancel]): the timeout signal inside it can be garbage
  // collected before it fires (nodejs/node#57736), and the request then waits for Node's own 300 s.
  const controller = new AbortController();
  // Stryker disable next-line StringLiteral: the message is never shown: describeFetchError reads only the name.
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  // Stryker disable next-line StringLiteral: as above, only the name is read.
  const onCancel = (): void => controller.abort(new DOMException('cancelled', 'AbortError'));
  cancel?.addEventListener('abort', onCancel);
  try {
    for (let retried = false; ; retried = true) {
      let response: Response;
      try {
        response = await sys.fetch(url, {
          method: 'GET',
          headers: { Authorization: `apiKey ${key}`, Accept: 'application/json', 'User-Agent': 'ionq-env-setup' },
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (error) {
        return { kind: 'unavailable', reason: describeFetchError(controller.signal.aborted ? controller.signal.reason : error, timeoutMs) };
      }
      if (response.status === 200) {
        const identity = await readIdentity(response);
        // The deadline holds for the body too: a server that sends headers and then stalls is unavailable.
        if (controller.signal.aborted) return { kind: 'unavailable', reason: describeFetchError(controller.signal.reason, timeoutMs) };
        return { kind: 'valid', ...identity };
      }
      await response.body?.cancel().catch(() => undefined);
    if (response.status === 401) return { kind: 'invalid', status: 401 };
    if (response.status === 403) return { kind: 'forbidden', status: 403 };
      if (RETRYABLE(response.status) && !retried) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? 1000;
        if (Date.now() + wait < deadline - 500) {
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
      }
      return { kind: 'unavailable', reason: response.status === 429 ? 'the API is rate-limiting requests (HTTP 429)' : `the API answered HTTP ${response.status}` };
    }
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
}

// A 200 whose body is not the documented JSON still means the key was accepted.
async function readIdentity(response: Response): Promise<KeyIdentity> {
  const body = fieldsOf(await response.json().catch(() => undefined));
  const project = fieldsOf(body.project);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length < 200 ? v : undefined);
  const out: KeyIdentity = {};
  const keyName = str(body.key_name) ?? str(body.name);
  const projectId = str(body.project_id) ?? str(project.id);
  const projectName = str(body.project_name) ?? str(project.name);
  if (keyName) out.keyName = keyName;
  if (projectId) out.projectId = projectId;
  if (projectName) out.projectName = projectName;
  return out;
}

/**
 * The fields of a value that came from outside (a JSON body, a thrown error): none unless it is an object.
 * Duck-typed, not instanceof: fetch's errors may come from another realm (vm contexts, test runners).
 */
const fieldsOf = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

function describeFetchError(error: unknown, timeoutMs: number): string {
  const name = fieldsOf(error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`;
  const rawCode = fieldsOf(fieldsOf(error).cause).code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the API host could not be found (no network or DNS?)';
  if (code === 'ECONNRESET') return 'the connection was reset';
  if (code) return `network error (${code})`;
  return 'network error';
}
