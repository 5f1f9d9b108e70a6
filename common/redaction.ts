/**
 * Keeping credentials out of everything a person or a log sees. Server text (error details, names,
 * echoed forms and headers), URLs and file contents are never trusted to be free of them, so every
 * sink — the CLI's stdout/stderr, the extension's notifications and its log — passes its text
 * through `redact` last.
 *
 * What is removed:
 * - every credential this process holds, registered with `rememberSecret` (API keys, access
 *   tokens, passwords, ZenML Pro credentials), also in their URL-encoded and JSON-escaped forms;
 * - anything shaped like a ZenML API key (`ZENKEY_` + base64, ZenML's `zenml.zen_server.auth`
 *   format; also `ZENPROKEY_`/`ZENPAT_`, the local workspace's Pro credentials) or a JWT (three base64url parts, the first starting `eyJ`, RFC 7519), whoever holds it;
 * - the value of `Authorization`/`Cookie` headers, `Bearer`/`Basic` credentials, and
 *   `password`/`api_key`/`token`-like fields in form, query or JSON text (but not the word after
 *   "token: " in a sentence, such as "token: expired");
 * - the userinfo of URLs (`https://user:secret@host` → `https://***@host`).
 */

/** What replaces a secret. */
export const REDACTED = '***';

/** Shorter values are not registered: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 6;

const held = new Set<string>();

/**
 * Registers credentials this process holds, so that `redact` removes them from any text.
 * Undefined, empty and very short values are ignored. Values stay registered for the life of the
 * process (a signed-out key is still a secret).
 */
export function rememberSecret(...values: (string | undefined | null)[]): void {
  for (const v of values) {
    if (!v || v.length < MIN_SECRET_LENGTH) continue;
    held.add(v);
    // The forms a server echoes it back in: form-encoded, URL-encoded, JSON-escaped.
    for (const form of [new URLSearchParams({ x: v }).toString().slice(2), encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) if (form !== v) held.add(form);
  }
}

// `ZENKEY_` + base64 (ZenML's API key format); JWTs; secrets after a scheme or a field name.
const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // ZenML API keys (ZENKEY_), and the local workspace's Pro API keys and personal access tokens.
  [/ZEN(?:KEY|PROKEY|PAT)_[A-Za-z0-9+/=_%-]+/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // URL userinfo: scheme://user[:password]@
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
  [/\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi, (_m, name, sep) => `${name}${sep}${REDACTED}`],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  // password=..., "api_key": "...", access_token: ..., client_secret=...
  [
    /\b((?:[a-z]+_)?(?:password|passwd|api[_-]?key|token|secret)(?:_[a-z]+)?)(["']?\s*[:=]\s*)(["']?)((?:\\.|[^"'&\s,;}\]\\])+)/gi,
    (m, name, sep, quote, value) => (isProseAfterTokenWord(name, sep, quote, value) ? m : `${name}${sep}${quote}${REDACTED}`),
  ],
];

/**
 * Whether `token: value` is a sentence rather than a field: "Invalid token: signature has
 * expired", "token: expired". Only for the bare word "token" (a password or a key can be any
 * word), only after an unquoted colon and a space, and only for a short word of lower-case
 * letters, which no token is.
 */
function isProseAfterTokenWord(name: string, sep: string, quote: string, value: string): boolean {
  return /^token$/i.test(name) && !quote && /^:\s+$/.test(sep) && /^[a-z]{1,12}$/.test(value);
}

/**
 * `text` with every credential removed (see the module comment). Idempotent; never throws.
 * Longest registered secrets go first, so a secret that contains another is removed whole.
 */
export function redact(text: string): string {
  let out = text;
  if (held.size) {
    for (const secret of [...held].sort((a, b) => b.length - a.length)) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [re, by] of PATTERNS) out = out.replace(re, by as string);
  return out;
}

/** Whether a URL carries a user name or password (`https://user:secret@host`). */
export function hasUserinfo(url: string): boolean {
  try {
    const u = new URL(url);
    return !!(u.username || u.password);
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url);
  }
}

/** `url` without its userinfo, for showing and for sending: `https://user:pw@host/x` → `https://host/x`. */
export function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
}
