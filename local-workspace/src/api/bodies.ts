/** Typed reads of JSON request fields; anything of the wrong type or size is a 422 that says so. */
import { invalid } from '../http/errors';
import { isUuid } from './ids';
import { parseTimestamp } from './time';

type Body = Record<string, unknown>;

export function optString(body: Body, key: string, max = 255): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`'${key}' must be a string, not ${describe(v)}.`);
  if (v.length > max) throw invalid(`'${key}' may be at most ${max} characters long; it has ${v.length}.`);
  return v;
}

/** An optional string that, when given, must not be blank (a rename to "" is refused). */
export function optNonBlank(body: Body, key: string, max = 255): string | undefined {
  const v = optString(body, key, max);
  if (v !== undefined && v.trim() === '') throw invalid(`'${key}' must not be empty.`);
  return v;
}

export function reqString(body: Body, key: string, max = 255): string {
  const v = optString(body, key, max);
  if (v === undefined) throw invalid(`'${key}' is required.`);
  if (v.trim() === '') throw invalid(`'${key}' must not be empty.`);
  return v;
}

export function optBool(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(`'${key}' must be true or false, not ${describe(v)}.`);
  return v;
}

export function optUuid(body: Body, key: string): string | undefined {
  const v = optString(body, key, 64);
  if (v === undefined) return undefined;
  if (!isUuid(v)) throw invalid(`'${key}' must be a UUID; got '${v}'.`);
  return v.toLowerCase();
}

export function optTimestamp(body: Body, key: string): string | undefined {
  const v = optString(body, key, 64);
  if (v === undefined) return undefined;
  const ts = parseTimestamp(v);
  if (!ts) throw invalid(`'${key}' must be an ISO-8601 date and time; got '${v}'.`);
  return ts;
}

export function optEnum<T extends string>(body: Body, key: string, values: readonly T[]): T | undefined {
  const v = optString(body, key, 64);
  if (v === undefined) return undefined;
  if (!values.includes(v as T)) throw invalid(`'${key}' must be one of ${values.join(', ')}; got '${v}'.`);
  return v as T;
}

export function optObject(body: Body, key: string): Record<string, unknown> | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`'${key}' must be a JSON object, not ${describe(v)}.`);
  return v as Record<string, unknown>;
}

/** A path parameter that must be a UUID. */
export function pathUuid(value: string, what: string): string {
  if (!isUuid(value)) throw invalid(`${what} must be a UUID; got '${value}'.`);
  return value.toLowerCase();
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
