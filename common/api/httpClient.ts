/**
 * HTTP to a ZenML workspace: bearer authentication from an API key (exchanged at /login and
 * renewed before it expires) or a token; a timeout on every call; cancellation through
 * AbortSignal; retries with backoff on 429/502/503/504 for idempotent calls only; and errors
 * turned into ZenmlApiError sentences. Redirects are followed within the origin asked only, so
 * credentials in the headers or the body never go to another origin; the credentials it holds
 * and the tokens it gets are registered for redaction; a URL's userinfo is never sent or shown.
 */
import { rememberSecret, withoutUserinfo } from '../redaction';
import { decodeAnswer } from './decodeAnswer';
import { httpErrorMessage, Intent, parseErrorBody, ZenmlApiError } from './apiError';
import type { LoginResponse } from './types';

export interface Credentials {
  /** A ZenML API key (`ZENKEY_...`), exchanged for an access token at /login. */
  apiKey?: string;
  /** An access token used as is. */
  accessToken?: string;
  username?: string;
  password?: string;
}

export interface HttpClientOptions {
  /** The workspace's URL, e.g. `https://acme.zenml.io` or `http://127.0.0.1:8237`. */
  url: string;
  credentials?: Credentials;
  timeoutMs?: number;
  /** Retries of an idempotent call after 429/502/503/504. */
  retries?: number;
  retryBaseMs?: number;
  /** Said when the server cannot be reached: where the URL comes from and how to change it. */
  urlHint?: string;
  fetch?: typeof fetch;
  /**
   * Which API of the contract (common/zenml/contract) this client's answers are decoded against:
   * the workspace's `/api/v1` (default) or ZenML Pro's management API, for a client whose URL is
   * `pro_api_url`.
   */
  api?: 'workspace' | 'pro';
  /** Where an API key is exchanged for a token (form `password=<key>`): the workspace's `/api/v1/login` unless told otherwise. */
  loginPath?: string;
  /** How sentences name the server: "the ZenML workspace" unless told otherwise. */
  serviceName?: string;
  /** The sentence for a 401, when the default ("sign in again") does not say what to do. */
  unauthorized?: (intent: Intent) => string;
  /** What to do after a 404, closing its sentence, when the default ("Refresh and try again.") is not the host's word. */
  notFoundHint?: (intent: Intent) => string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  signal?: AbortSignal;
  intent: Intent;
  /** Send no Authorization header (/info, /login). */
  anonymous?: boolean;
  /** An absolute base other than the workspace (ZenML Pro's management API). */
  base?: string;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Same-origin redirects followed for one request, as browsers cap them (lower than fetch's 20). */
const MAX_REDIRECTS = 5;
const RETRIABLE = new Set([429, 502, 503, 504]);
/** Connection errors (Node's and undici's codes) raised before a request could be sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED']);
/** Renew a token this long before it expires. */
const RENEW_BEFORE_MS = 5 * 60_000;

export class HttpClient {
  readonly url: string;
  private token: { value: string; renewAt: number } | undefined;
  private login: Promise<string> | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpClientOptions) {
    this.url = withoutUserinfo(options.url).replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    const c = options.credentials;
    rememberSecret(c?.apiKey, c?.accessToken, c?.password);
    if (options.credentials?.accessToken) this.token = { value: options.credentials.accessToken, renewAt: Infinity };
  }

  async request<T>(method: string, path: string, o: RequestOptions): Promise<T> {
    const retries = IDEMPOTENT.has(method) ? (this.options.retries ?? 3) : 0;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (!o.anonymous) headers.Authorization = `Bearer ${await this.accessToken(o.signal)}`;
      let body: string | undefined;
      if (o.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(o.json);
      } else if (o.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(o.form).toString();
      }
      const res = await this.send(method, this.address(path, o), { headers, body }, o);
      if (res.status === 401 && !o.anonymous && this.canLogIn() && !reauthenticated) {
        // The token expired or was revoked early: log in again once.
        reauthenticated = true;
        this.token = undefined;
        attempt--;
        continue;
      }
      if (RETRIABLE.has(res.status) && attempt < retries) {
        await delay(this.backoff(attempt, res.headers.get('retry-after')), o.signal);
        continue;
      }
      const text = await res.text();
      let parsed: unknown = null;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          if (res.ok) throw new ZenmlApiError('invalid-response', `Could not ${o.intent.action}: ${this.service} at ${this.url} did not answer with JSON. Is this the right URL?`, res.status);
        }
      }
      if (res.ok) {
        decodeAnswer(method, path, o.base ? 'pro' : (this.options.api ?? 'workspace'), parsed, o.intent, o.base ?? this.url);
        return parsed as T;
      }
      const { exception, detail } = parseErrorBody(parsed ?? text);
      // A login answered 400 or 422 refused the credential as surely as a 401 does (the answer to
      // a form the server cannot read as a key or a user's password, e.g. a key of another kind):
      // said, and reported as 401, as a refused credential — not in the server's words about
      // form fields, and not as one failure among others of a run.
      const refused = res.status === 401 || ((res.status === 400 || res.status === 422) && path === this.loginPath);
      if (refused) throw new ZenmlApiError('http', this.options.unauthorized?.(o.intent) ?? httpErrorMessage(401, o.intent, this.url, detail), 401, exception, detail);
      throw new ZenmlApiError('http', httpErrorMessage(res.status, o.intent, this.url, detail, this.options.notFoundHint?.(o.intent)), res.status, exception, detail);
    }
  }

  private address(path: string, o: RequestOptions): string {
    const u = new URL((o.base ?? this.url).replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /**
   * One exchange, following redirects by hand: within the origin of `address` only (fetch's own
   * following would send the Authorization header and a login form's API key to wherever a
   * server or a proxy points). 303, and 301/302 of anything but GET/HEAD, go on as a GET without
   * a body (RFC 9110 §15.4).
   */
  private async send(method: string, address: string, init: { headers: Record<string, string>; body?: string }, o: RequestOptions): Promise<Response> {
    const origin = new URL(address).origin;
    for (let hop = 0; ; hop++) {
      const res = await this.exchange(method, address, init, o);
      const location = REDIRECTS.has(res.status) ? res.headers.get('location') : null;
      if (location === null) return res;
      await res.body?.cancel().catch(() => undefined);
      let target: URL;
      try {
        target = new URL(location, address);
      } catch {
        throw new ZenmlApiError('redirect', `Could not ${o.intent.action}: the workspace at ${this.url} redirected to an invalid address.`, res.status);
      }
      if (target.origin !== origin) {
        throw new ZenmlApiError(
          'redirect',
          `Could not ${o.intent.action}: the workspace at ${this.url} redirected to another origin, ${withoutUserinfo(target.origin)}, and credentials are never sent on to another origin. If the workspace has moved, use its new URL.`,
          res.status,
        );
      }
      if (hop >= MAX_REDIRECTS) throw new ZenmlApiError('redirect', `Could not ${o.intent.action}: the workspace at ${this.url} redirected more than ${MAX_REDIRECTS} times.`, res.status);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
        const { 'Content-Type': _dropped, ...rest } = init.headers;
        init = { headers: rest };
      }
      address = target.toString();
    }
  }

  private async exchange(method: string, address: string, init: { headers: Record<string, string>; body?: string }, o: RequestOptions): Promise<Response> {
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    try {
      return await this.fetchImpl(address, { method, headers: init.headers, body: init.body, signal, redirect: 'manual' });
    } catch (err) {
      if (o.signal?.aborted) throw new ZenmlApiError('cancelled', `Cancelled: ${o.intent.action}.`);
      if (timeout.aborted) {
        const e = new ZenmlApiError('timeout', `Could not ${o.intent.action}: ${this.service} at ${this.url} did not answer within ${Math.round(timeoutMs / 1000)} s. Check your connection and that the server is up.`);
        e.mayHaveArrived = true;
        throw e;
      }
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      if (cause && !NOT_SENT.has(cause)) {
        // Connected, then lost (reset, closed mid-answer): the server may have acted on the request.
        const e = new ZenmlApiError('unreachable', `Could not ${o.intent.action}: ${this.service} at ${this.url} stopped answering after the request was sent (${cause}); whether it was carried out is unknown. Check that it is running.`);
        e.mayHaveArrived = true;
        throw e;
      }
      const why = cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'ENOTFOUND' ? 'unknown host' : cause ? cause : 'no connection';
      const hint = this.options.urlHint ? ` ${this.options.urlHint}` : '';
      throw new ZenmlApiError('unreachable', `Could not ${o.intent.action}: ${this.service} at ${this.url} cannot be reached (${why}). Check that it is running and the URL is right.${hint}`);
    }
  }

  private get loginPath(): string {
    return this.options.loginPath ?? '/api/v1/login';
  }

  private get service(): string {
    return this.options.serviceName ?? 'the ZenML workspace';
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10_000);
    const base = this.options.retryBaseMs ?? 250;
    return base * 2 ** attempt + Math.floor(Math.random() * base);
  }

  private canLogIn(): boolean {
    const c = this.options.credentials;
    return !!(c?.apiKey || (c?.username && c.password !== undefined));
  }

  /** A valid access token: the given one, or one from /login, renewed before it expires. */
  private async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    if (!this.canLogIn()) {
      if (this.token) return this.token.value;
      throw new ZenmlApiError('http', 'You are not signed in to a ZenML workspace. Sign in with an API key first.', 401);
    }
    this.login ??= this.logIn(signal).finally(() => (this.login = undefined));
    return this.login;
  }

  private async logIn(signal?: AbortSignal): Promise<string> {
    const c = this.options.credentials!;
    const form: Record<string, string> = c.apiKey ? { password: c.apiKey } : { username: c.username!, password: c.password ?? '' };
    const path = this.loginPath;
    const res = await this.request<LoginResponse>('POST', path, { form, signal, anonymous: true, intent: { action: `sign in to ${this.service}` } });
    if (!res?.access_token) throw new ZenmlApiError('invalid-response', `Could not sign in: ${this.service} at ${this.url} answered ${path} without a token.`);
    rememberSecret(res.access_token);
    const ttl = typeof res.expires_in === 'number' && res.expires_in > 0 ? res.expires_in * 1000 : Infinity;
    // Renew a few minutes early; a short-lived token halfway through its life.
    this.token = { value: res.access_token, renewAt: Date.now() + Math.max(ttl - RENEW_BEFORE_MS, ttl / 2) };
    return res.access_token;
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new ZenmlApiError('cancelled', 'Cancelled.'));
      },
      { once: true },
    );
  });
}
