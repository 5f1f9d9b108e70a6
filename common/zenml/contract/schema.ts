/**
 * Small builders for the JSON Schemas the contract is written in (validated with ajv). A schema
 * is written once, closed (`additionalProperties: false` unless marked open), with its enums;
 * `forMode` then derives the two ways it is used:
 * - `strict`: our own local workspace is held to exactly what the real models carry — no field a
 *   real server does not send (so the client cannot come to depend on one), every enum value known;
 * - `tolerant`: what the client accepts from a real server — unknown extra fields and enum values
 *   newer than this contract pass, while a missing required field or a wrong type does not.
 */

export type Schema = { [key: string]: unknown };
export type Mode = 'strict' | 'tolerant';

export const str: Schema = { type: 'string' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
export const anyValue: Schema = {};
/** A UUID as ZenML writes it (lowercase, hyphenated; upper case accepted). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const uuid: Schema = { type: 'string', pattern: UUID_PATTERN };
/**
 * pydantic's `datetime` as ZenML serialises it: ISO-8601, usually without a zone (the server
 * keeps UTC), sometimes with one.
 */
export const dateTime: Schema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?$',
};

export function nullable(s: Schema): Schema {
  return { anyOf: [s, { type: 'null' }] };
}

export function enumOf(values: readonly string[]): Schema {
  return { type: 'string', enum: [...values] };
}

export function arrayOf(items: Schema): Schema {
  return { type: 'array', items };
}

/** A string-keyed map of `values`. */
export function mapOf(values: Schema): Schema {
  return { type: 'object', additionalProperties: values, 'x-map': true };
}

/**
 * An object with `required` and `optional` properties. `open` marks the models whose pydantic
 * config allows extra fields (ZenML's `*ResponseResources`, `Source`, `OAuthTokenResponse`):
 * they stay open even in strict mode.
 */
export function model(required: Record<string, Schema>, optional: Record<string, Schema> = {}, opts: { open?: boolean } = {}): Schema {
  const s: Schema = {
    type: 'object',
    properties: { ...required, ...optional },
    required: Object.keys(required),
  };
  if (opts.open) s.additionalProperties = true;
  return s;
}

/** A fixed-length list `[a, b]` (ZenML's `[ExceptionName, message]`). */
export function tuple(...items: Schema[]): Schema {
  return { type: 'array', items, additionalItems: false, minItems: items.length };
}

/**
 * The schema as used in `mode`: strict closes every object not marked open; tolerant opens
 * every object and accepts any string where an enum stands (kept as `x-enum` so a client can say
 * that a value is new to it).
 */
export function forMode(s: Schema, mode: Mode): Schema {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Schema;
    const out: Schema = {};
    for (const [k, x] of Object.entries(o)) {
      if (k === 'x-map') continue;
      out[k] = k === 'properties' ? Object.fromEntries(Object.entries(x as Schema).map(([p, ps]) => [p, walk(ps)])) : walk(x);
    }
    if (o.type === 'object' && o.properties && !o['x-map']) {
      if (mode === 'tolerant') out.additionalProperties = true;
      else if (out.additionalProperties === undefined) out.additionalProperties = false;
    }
    if (mode === 'tolerant' && Array.isArray(o.enum)) {
      delete out.enum;
      out['x-enum'] = o.enum;
    }
    return out;
  };
  return walk(s) as Schema;
}
