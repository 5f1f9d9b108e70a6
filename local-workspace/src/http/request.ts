/** Reading request bodies: a size limit, the content type each endpoint takes, clear 4xx errors. */
import type { IncomingMessage } from 'node:http';
import { invalid, tooLarge } from './errors';

/** Larger bodies are refused with 413; no request of this API comes near it. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyKind = 'json' | 'form' | 'none';

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge(`The request body has ${declared} bytes; the server accepts at most ${limit}.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(`The request body is larger than the ${limit} bytes the server accepts.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** A JSON object body; `undefined` when the body is empty and `optional`. */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = mediaType(req);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw invalid(`The request body must be JSON: send it with 'Content-Type: application/json' (got '${type || 'none'}').`);
  }
  const text = raw.toString('utf8');
  // Checked before parsing: every later walk of the value (NUL checks, storing, answering) recurses.
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw invalid(`The request body nests objects and lists deeper than ${MAX_JSON_DEPTH} levels; no request of this API needs that.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(`The request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('The request body must be a JSON object.');
  }
  rejectNul(value, 'body');
  return value as Record<string, unknown>;
}

/** Deeper JSON bodies are refused (422): ZenML's deepest (a run's config) is a few levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply `text` nests `{`/`[` outside strings — a linear scan with no recursion, so a body of
 * 200,000 `[` costs a loop, not the stack. Invalid JSON gets some number; JSON.parse judges it.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** An `application/x-www-form-urlencoded` body (the OAuth2 login form). */
export function parseFormBody(req: IncomingMessage, raw: Buffer): Record<string, string> {
  const type = mediaType(req);
  if (type !== 'application/x-www-form-urlencoded') {
    throw invalid(`This endpoint takes a form: send it with 'Content-Type: application/x-www-form-urlencoded' (got '${type || 'none'}').`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) if (!(k in out)) out[k] = v;
  rejectNul(out, 'form');
  return out;
}

/**
 * SQLite text ends at a NUL character, so a value holding one would be stored cut short:
 * refuse it instead (as PostgreSQL-backed servers do).
 */
export function rejectNul(value: unknown, where: string): void {
  if (typeof value === 'string') {
    if (value.includes('\0')) throw invalid(`The ${where} contains a NUL character (\\u0000), which cannot be stored; remove it.`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => rejectNul(v, `${where}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      rejectNul(k, `${where} key`);
      rejectNul(v, `${where}.${k}`);
    }
  }
}
