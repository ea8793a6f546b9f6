// A real HTTP server on 127.0.0.1 standing in for the IonQ API (point the CLI at it with IONQ_API_URL).
// Each test scripts its answers; every request's Authorization header is recorded for assertions.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (to test the client's timeout). */
  hang?: boolean;
  delayMs?: number;
}

export interface FakeIonq {
  /** Base URL with version, as IONQ_API_URL expects (e.g. http://127.0.0.1:PORT/v0.4). */
  url: string;
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** Answers for the next requests, in order; when empty, `fallback` answers. */
  queue: FakeAnswer[];
  fallback: (req: IncomingMessage) => FakeAnswer;
  close(): Promise<void>;
}

/** Keys the fake accepts by default (others get 401). */
export function acceptingKeys(valid: Record<string, { keyName: string; projectId: string }>): (req: IncomingMessage) => FakeAnswer {
  return (req) => {
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('apiKey ') ? auth.slice('apiKey '.length) : '';
    const who = valid[key];
    if (!who) return { status: 401, body: JSON.stringify({ error: { message: 'Invalid API key' } }) };
    return { status: 200, body: JSON.stringify({ key_name: who.keyName, project_id: who.projectId }) };
  };
}

export async function startFakeIonq(fallback: FakeIonq['fallback'] = () => ({ status: 404 })): Promise<FakeIonq> {
  const sockets = new Set<import('node:net').Socket>();
  // Delayed answers still pending: cleared on close, so no timer outlives the test.
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeIonq = {
    url: '',
    requests: [],
    queue: [],
    fallback,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    fake.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const answer = fake.queue.shift() ?? fake.fallback(req);
    if (answer.hang) return;
    const send = () => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    };
    if (answer.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, answer.delayMs);
      timers.add(timer);
    }
    else send();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v0.4`;
  return fake;
}
