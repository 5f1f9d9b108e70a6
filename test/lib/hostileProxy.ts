/**
 * A proxy in front of a real workspace that misbehaves on cue, as a hostile server or a careless
 * proxy would: it forwards every request unless a rule answers it (an error echoing the request,
 * a redirect elsewhere, names with escape sequences), and can rewrite forwarded JSON answers.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** When the request arrived and when its answer was sent (performance.now(), ms). */
  arrived: number;
  answered?: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Rule = (req: Seen) => Answer | undefined;
export type Rewrite = (req: Seen, body: unknown) => unknown;

export class HostileProxy {
  readonly seen: Seen[] = [];
  rules: Rule[] = [];
  rewrites: Rewrite[] = [];
  /** Milliseconds each forwarded request waits first, as over a slow network. */
  latencyMs = 0;
  /** Requests forwarded (the workspace acts on them) whose answer is then lost: the connection is reset instead. */
  dropAnswers: ((req: Seen) => boolean)[] = [];
  private readonly others: string[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(target?: string): Promise<HostileProxy> {
    let proxy!: HostileProxy;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void proxy.handle(req, Buffer.concat(chunks).toString('utf8'), res, target));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new HostileProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  private async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse, target: string | undefined): Promise<void> {
    const seen: Seen = { method: req.method!, path: req.url!, headers: req.headers, body, arrived: performance.now() };
    this.seen.push(seen);
    res.on('finish', () => (seen.answered = performance.now()));
    const answer = this.rules.map((r) => r(seen)).find((a) => a !== undefined);
    if (answer || !target) {
      const a = answer ?? { status: 404, body: { detail: 'not here' } };
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body === undefined ? '' : JSON.stringify(a.body));
      return;
    }
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'origin') headers[k] = v;
    // A second origin (a Pro API served apart) is reached through `/__other/<n>` on this proxy.
    const other = /^\/__other\/(\d+)(\/.*)$/.exec(req.url!);
    const upstreamUrl = other ? this.others[Number(other[1])] + other[2] : target + req.url;
    const upstream = await fetch(upstreamUrl, { method: req.method, headers, body: body || undefined, redirect: 'manual' });
    let text = await upstream.text();
    if (this.dropAnswers.some((d) => d(seen))) {
      req.socket.destroy();
      return;
    }
    if (!other && req.url!.startsWith('/api/v1/info') && upstream.ok) {
      const info = JSON.parse(text) as { pro_api_url?: string };
      if (info.pro_api_url && !info.pro_api_url.startsWith(target)) {
        const u = new URL(info.pro_api_url);
        this.others.push(u.origin);
        info.pro_api_url = `${this.url}/__other/${this.others.length - 1}${u.pathname.replace(/\/$/, '')}`;
        text = JSON.stringify(info);
      }
    }
    if (this.rewrites.length && upstream.headers.get('content-type')?.includes('json') && text) {
      let value: unknown = JSON.parse(text);
      for (const r of this.rewrites) value = r(seen, value);
      // A forwarded answer that names this proxy's target must keep naming the proxy.
      text = JSON.stringify(value);
    }
    text = text.split(target).join(this.url);
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
