/**
 * An HTTP relay in front of a workspace: it forwards every request unchanged and notes each one
 * (method, URL, body) once its response has been sent back. The journey points the editor at it
 * so that it can wait for what the editor asked the workspace — the switcher's search as the user
 * types — instead of guessing how long that takes; the contract tests check every request the
 * client sent against ZenML's routes.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RelayedRequest {
  method: string;
  /** The path and query, decoded. */
  path: string;
  /** The path and query exactly as sent. */
  url: string;
  status: number;
  /** The request's Content-Type, if any. */
  contentType?: string;
  /** The request body as sent ('' when none). */
  body: string;
}

/** A relayed request's body as sent: parsed JSON, a form's fields, or undefined when empty. */
export function relayedBody(r: RelayedRequest): unknown {
  if (!r.body) return undefined;
  if (r.contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(r.body));
  return JSON.parse(r.body);
}

export interface RecordingRelay {
  url: string;
  /** Requests answered so far, in the order they finished. */
  readonly requests: readonly RelayedRequest[];
  /** Waits for a request answered after the `since`-th one (default: any) that `matches`. */
  waitFor(what: string, matches: (r: RelayedRequest) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<RelayedRequest>;
  close(): Promise<void>;
}

export async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const upstream = new URL(target);
  const requests: RelayedRequest[] = [];
  const listeners = new Set<() => void>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => {
          let path = req.url ?? '';
          try {
            path = decodeURIComponent(path);
          } catch {
            // Not percent-encoded properly: keep it as sent.
          }
          requests.push({
            method: req.method ?? '',
            path,
            url: req.url ?? '',
            status: answer.statusCode ?? 0,
            contentType: req.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          });
          for (const l of listeners) l();
        });
      },
    );
    forwarded.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`relay: ${e.message}`);
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor(what, matches, { since = 0, timeoutMs = 60_000 } = {}) {
      return new Promise<RelayedRequest>((resolve, reject) => {
        const check = () => {
          const found = requests.slice(since).find(matches);
          if (!found) return;
          done();
          resolve(found);
        };
        const timer = setTimeout(() => {
          done();
          const seen = requests.slice(since).map((r) => `${r.method} ${r.path} → ${r.status}`);
          reject(new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}. Requests seen:\n${seen.join('\n') || '(none)'}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from the editor would hold close() open.
        server.closeAllConnections();
      }),
  };
}
